import { describeError } from '../../src/errors.js';
import type { JobContext } from '../../src/runtime/job-context.js';
import { runSteps, type Step } from '../../src/runtime/step-runner.js';
import { inlineCode } from '../../src/slack/user-text.js';
import { createClaimStep, createDeploymentStep } from '../restore/clone-steps.js';
import { waitReadyStep } from '../restore/verify-steps.js';
import { listSnapshots, readSnapshotRecord } from '../snapshot/snapshot-records.js';
import { checkDataStep } from './check-data-step.js';
import { createDrillRuntime, DEFAULT_DRILL_TIMING, type DrillJobContext, type DrillRuntime, type DrillSettings } from './drill-context.js';
import { DRILL_STEPS, type DrillState } from './drill-data.js';
import { concludeStep, reportStep } from './drill-report.js';
import { pickSnapshotStep } from './pick-snapshot-step.js';
import { leftovers, tearDownDrill, teardownStep } from './teardown.js';

export type DrillHandler = (context: DrillJobContext) => Promise<void>;

/**
 * Creates the restore-drill operation. The steps run in the order of DRILL_STEPS and the state is
 * stored in the job data (`drill`) after each one, so another worker resumes at the first
 * unfinished step. The drill clones the newest ready snapshot into a scratch PVC and Deployment
 * and never changes the target's own Deployment, PVC or Service.
 */
export function createDrillHandler(overrides: Partial<DrillSettings> = {}): DrillHandler {
  const settings = drillSettings(overrides);
  return async (context) => {
    const runtime = createDrillRuntime(context, settings);
    const state: DrillState = context.job.data.drill ?? { completedSteps: [] };
    if (state.completedSteps.length > 0) context.logger.info({ completedSteps: state.completedSteps, drill: runtime.drillName }, 'resuming restore drill');
    await runSteps({
      steps: checkedSteps(drillSteps(runtime)),
      state,
      persist: async (next) => {
        await context.job.updateData({ ...context.job.data, drill: next });
      },
      onStepStart: (name) => context.logger.info({ step: name }, 'step started'),
      onStepDone: (name) => context.logger.info({ step: name }, 'step done'),
    });
  };
}

/**
 * Creates the compensation of a failed drill: it deletes whatever the drill created, unless the
 * teardown step already finished, and replies with what it deleted or what is left. It logs its
 * own errors instead of throwing, because it runs on the failure path.
 */
export function createDrillCompensation(overrides: Partial<DrillSettings> = {}): (context: DrillJobContext, error: unknown) => Promise<void> {
  const settings = drillSettings(overrides);
  return async (context, error) => {
    const runtime = createDrillRuntime(context, settings);
    const state = context.job.data.drill;
    if (state?.tornDown === true) return;
    context.logger.warn({ err: error, completedSteps: state?.completedSteps ?? [], drill: runtime.drillName }, 'restore drill failed, deleting its objects');
    try {
      const { deleted } = await tearDownDrill(runtime);
      await context.job.updateData({ ...context.job.data, drill: { ...(state ?? { completedSteps: [] }), tornDown: true } });
      if (deleted.length > 0) runtime.say('drill.compensation.done', { objects: deleted.join(', '), namespace: inlineCode(context.target.namespace) });
    } catch (teardownError) {
      context.logger.error({ err: teardownError, drill: runtime.drillName }, 'restore drill teardown failed on the failure path');
      await reportLeftovers(runtime, teardownError);
    }
  };
}

/** The restore-drill operation with the snapshot readers and the default deadlines. */
export const runRestoreDrill: DrillHandler = createDrillHandler();

/** The compensation of the restore-drill operation with the default deadlines. */
export const compensateRestoreDrill = createDrillCompensation();

/** Adapts the drill's compensation to the operation registry's signature. */
export async function compensateDrillJob(context: JobContext, error: unknown): Promise<void> {
  await compensateRestoreDrill(context as unknown as DrillJobContext, error);
}

function drillSettings(overrides: Partial<DrillSettings>): DrillSettings {
  return {
    ...DEFAULT_DRILL_TIMING,
    readSnapshotRecord,
    listSnapshots: async (context) => await listSnapshots(context.kubeConfig, context.target),
    ...overrides,
  };
}

async function reportLeftovers(runtime: DrillRuntime, teardownError: unknown): Promise<void> {
  const left = await leftovers(runtime).catch(() => undefined);
  runtime.say('drill.compensation.failed', {
    reason: describeError(teardownError),
    objects: left === undefined ? '?' : left.join(', ') || '-',
    selector: inlineCode(runtime.drillSelector),
  });
}

function drillSteps(runtime: DrillRuntime): Array<Step<DrillState>> {
  return [
    pickSnapshotStep(runtime),
    createClaimStep(runtime),
    createDeploymentStep(runtime),
    waitReadyStep(runtime),
    checkDataStep(runtime),
    reportStep(runtime),
    teardownStep(runtime),
    concludeStep(runtime),
  ];
}

function checkedSteps(steps: Array<Step<DrillState>>): Array<Step<DrillState>> {
  const names = steps.map((step) => step.name);
  if (names.join() !== DRILL_STEPS.join()) throw new Error(`steps ${names.join(', ')} differ from ${DRILL_STEPS.join(', ')}`);
  return steps;
}
