import type { OperationHandler } from '../../src/runtime/job-context.js';
import { runSteps, type Step } from '../../src/runtime/step-runner.js';
import { cordonNodeStep } from './cordon-node-step.js';
import { createFailoverRuntime, DEFAULT_FAILOVER_SETTINGS, type FailoverJobContext, type FailoverSettings } from './failover-context.js';
import { FAILOVER_STEPS, type FailoverJobData, type FailoverState } from './failover-data.js';
import { deletePodStep } from './delete-pod-step.js';
import { fingerprintStep } from './fingerprint-step.js';
import { preflightStep } from './preflight-step.js';
import { reportStep } from './report-step.js';
import { uncordonNodeStep } from './uncordon-node-step.js';
import { verifyStep } from './verify-step.js';
import { waitForReplacementStep } from './wait-for-replacement-step.js';
import type { FailoverRuntime } from './failover-context.js';

/** Runs a failover for one job context. Throwing fails the job; then call `compensateFailover`. */
export type FailoverHandler = (context: FailoverJobContext) => Promise<void>;

/**
 * Creates the failover operation with its deadlines. The steps run in the order of
 * FAILOVER_STEPS, and the state is stored in the job data (`failover`) after each one, so a job
 * that another worker picks up resumes at the first unfinished step.
 */
export function createFailoverHandler(overrides: Partial<FailoverSettings> = {}): FailoverHandler {
  const settings: FailoverSettings = { ...DEFAULT_FAILOVER_SETTINGS, ...overrides };
  return async (context) => {
    const runtime = createFailoverRuntime(context, settings);
    const { job, logger } = context;
    const state: FailoverState = job.data.failover ?? { completedSteps: [] };
    if (state.completedSteps.length > 0) logger.info({ completedSteps: state.completedSteps }, 'resuming failover');

    await runSteps({
      steps: failoverSteps(runtime),
      state,
      persist: async (next) => {
        await job.updateData({ ...job.data, failover: next });
      },
      onStepStart: (name) => logger.info({ step: name }, 'step started'),
      onStepDone: (name) => logger.info({ step: name }, 'step done'),
    });
  };
}

/** The failover operation with the default deadlines (5 minutes for the replacement pod and for MySQL). */
export const runFailover: OperationHandler<FailoverJobData> = createFailoverHandler();

function failoverSteps(runtime: FailoverRuntime): Array<Step<FailoverState>> {
  const steps = [
    preflightStep(runtime),
    fingerprintStep(runtime),
    cordonNodeStep(runtime),
    deletePodStep(runtime),
    waitForReplacementStep(runtime),
    verifyStep(runtime),
    uncordonNodeStep(runtime),
    reportStep(runtime),
  ];
  const names = steps.map((step) => step.name);
  if (names.join() !== FAILOVER_STEPS.join()) throw new Error(`failover steps ${names.join(', ')} differ from FAILOVER_STEPS`);
  return steps;
}
