import { takeSnapshot } from '../snapshot/take-snapshot.js';
import { runSteps, type Step } from '../../src/runtime/step-runner.js';
import { createDropRuntime, type DropJobContext, type DropRuntime, type DropSettings } from './drop-context.js';
import { DROP_STEPS, type DropState } from './drop-data.js';
import { dropDatabaseStep, dropReportStep, safetySnapshotStep } from './drop-steps.js';

/** Runs a drop for one job context. Throwing fails the job. */
export type DropHandler = (context: DropJobContext) => Promise<void>;

/**
 * Creates the drop operation. The steps run in the order of DROP_STEPS, and the state is stored in
 * the job data (`drop`) after each one, so a job that another worker picks up resumes at the first
 * unfinished step.
 */
export function createDropHandler(settings: Pick<DropSettings, 'takeSnapshot'> & Partial<DropSettings>): DropHandler {
  const resolved: DropSettings = { mysqlConnectTimeoutMs: 5_000, mysqlWaitMs: 60_000, now: Date.now, ...settings };
  return async (context) => {
    const runtime = createDropRuntime(context, resolved);
    const state: DropState = context.job.data.drop ?? { completedSteps: [] };
    if (state.completedSteps.length > 0) context.logger.info({ completedSteps: state.completedSteps }, 'resuming drop');

    await runSteps({
      steps: dropSteps(runtime),
      state,
      persist: async (next) => {
        await context.job.updateData({ ...context.job.data, drop: next });
      },
      onStepStart: (name) => context.logger.info({ step: name }, 'step started'),
      onStepDone: (name) => context.logger.info({ step: name }, 'step done'),
    });
  };
}

function dropSteps(runtime: DropRuntime): Array<Step<DropState>> {
  const steps = [safetySnapshotStep(runtime), dropDatabaseStep(runtime), dropReportStep(runtime)];
  const names = steps.map((step) => step.name);
  if (names.join() !== DROP_STEPS.join()) throw new Error(`drop steps ${names.join(', ')} differ from DROP_STEPS`);
  return steps;
}

/** The drop operation with the snapshot operation's `takeSnapshot` and the default deadlines. */
export const runDrop: DropHandler = createDropHandler({ takeSnapshot });
