import { runSteps, type Step } from '../../src/runtime/step-runner.js';
import { createExpandRuntime, DEFAULT_EXPAND_SETTINGS, type ExpandJobContext, type ExpandRuntime, type ExpandSettings } from './expand-context.js';
import { EXPAND_STEPS, type ExpandState } from './expand-data.js';
import { patchPvcStep } from './patch-pvc-step.js';
import { preflightStep } from './preflight-step.js';
import { reportStep } from './report-step.js';
import { waitForCapacityStep } from './wait-for-capacity-step.js';

/** Runs an expansion for one job context. Throwing fails the job. */
export type ExpandHandler = (context: ExpandJobContext) => Promise<void>;

/**
 * Creates the expand operation with its deadlines. The steps run in the order of EXPAND_STEPS,
 * and the state is stored in the job data (`expand`) after each one, so a job that another worker
 * picks up resumes at the first unfinished step. The volume grows only through the PVC, never
 * with `pxctl volume update`, so Kubernetes always shows the real size.
 */
export function createExpandHandler(overrides: Partial<ExpandSettings> = {}): ExpandHandler {
  const settings: ExpandSettings = { ...DEFAULT_EXPAND_SETTINGS, ...overrides };
  return async (context) => {
    const runtime = createExpandRuntime(context, settings);
    const { job, logger } = context;
    const state: ExpandState = job.data.expand ?? { completedSteps: [] };
    if (state.completedSteps.length > 0) logger.info({ completedSteps: state.completedSteps }, 'resuming expansion');

    await runSteps({
      steps: expandSteps(runtime),
      state,
      persist: async (next) => {
        await job.updateData({ ...job.data, expand: next });
      },
      onStepStart: (name) => logger.info({ step: name }, 'step started'),
      onStepDone: (name) => logger.info({ step: name }, 'step done'),
    });
  };
}

/**
 * The expand operation with the default deadlines (5 minutes for the new capacity). It is an
 * `OperationHandler<ExpandJobData>` once `JobData` includes `ExpandJobData`.
 */
export const runExpand: ExpandHandler = createExpandHandler();

function expandSteps(runtime: ExpandRuntime): Array<Step<ExpandState>> {
  const steps = [preflightStep(runtime), patchPvcStep(runtime), waitForCapacityStep(runtime), reportStep(runtime)];
  const names = steps.map((step) => step.name);
  if (names.join() !== EXPAND_STEPS.join()) throw new Error(`expand steps ${names.join(', ')} differ from EXPAND_STEPS`);
  return steps;
}
