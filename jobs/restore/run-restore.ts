import { readSnapshotRecord } from '../snapshot/snapshot-records.js';
import { runSteps, type Step } from '../../src/runtime/step-runner.js';
import { inlineCode } from '../../src/slack/user-text.js';
import { createClaimStep, createDeploymentStep, readSnapshotStep } from './clone-steps.js';
import { promoteJobSteps, promoteStep } from './promote-steps.js';
import {
  createRestoreRuntime,
  DEFAULT_RESTORE_TIMING,
  type PromoteJobContext,
  type RestoreJobContext,
  type RestoreRuntime,
  type RestoreSettings,
} from './restore-context.js';
import { PROMOTE_STEPS, RESTORE_STEPS, type RestoreState } from './restore-data.js';
import { verifyStep, waitReadyStep } from './verify-steps.js';

export type RestoreHandler = (context: RestoreJobContext) => Promise<void>;
export type PromoteHandler = (context: PromoteJobContext) => Promise<void>;

type SettingsOverrides = Pick<RestoreSettings, 'readSnapshotRecord'> & Partial<RestoreSettings>;

/**
 * Creates the restore operation. The steps run in the order of RESTORE_STEPS and the state is
 * stored in the job data (`restore`) after each one, so another worker resumes at the first
 * unfinished step. The `promote` step does nothing unless the job data sets `promote`.
 */
export function createRestoreHandler(overrides: SettingsOverrides): RestoreHandler {
  const settings: RestoreSettings = { ...DEFAULT_RESTORE_TIMING, ...overrides };
  return async (context) => {
    const runtime = createRestoreRuntime(context, settings);
    const state: RestoreState = context.job.data.restore ?? { completedSteps: [] };
    if (state.completedSteps.length > 0) context.logger.info({ completedSteps: state.completedSteps }, 'resuming restore');
    await runSteps({
      steps: checkedSteps(restoreSteps(runtime), RESTORE_STEPS),
      state,
      persist: async (next) => {
        await context.job.updateData({ ...context.job.data, restore: next });
      },
      onStepStart: (name) => context.logger.info({ step: name }, 'step started'),
      onStepDone: (name) => context.logger.info({ step: name }, 'step done'),
    });
  };
}

/**
 * Creates the promotion operation, meant to run as its own approved job after a restore job has
 * verified the restored Deployment. Its state is stored in the job data as `promote`.
 */
export function createPromoteHandler(overrides: Partial<RestoreSettings> = {}): PromoteHandler {
  const settings: RestoreSettings = { ...DEFAULT_RESTORE_TIMING, readSnapshotRecord: async () => undefined, ...overrides };
  return async (context) => {
    const runtime = createRestoreRuntime(context, settings);
    const state: RestoreState = context.job.data.promote ?? { completedSteps: [] };
    await runSteps({
      steps: checkedSteps(promoteJobSteps(runtime), PROMOTE_STEPS),
      state,
      persist: async (next) => {
        await context.job.updateData({ ...context.job.data, promote: next });
      },
      onStepStart: (name) => context.logger.info({ step: name }, 'step started'),
      onStepDone: (name) => context.logger.info({ step: name }, 'step done'),
    });
  };
}

/** The restore operation with the snapshot operation's reader and the default deadlines (5 minutes for the pod and for MySQL). */
export const runRestore: RestoreHandler = createRestoreHandler({ readSnapshotRecord });

/** The promotion operation with the default settings. */
export const runPromote: PromoteHandler = createPromoteHandler();

function restoreSteps(runtime: RestoreRuntime): Array<Step<RestoreState>> {
  return [
    readSnapshotStep(runtime),
    createClaimStep(runtime),
    createDeploymentStep(runtime),
    waitReadyStep(runtime),
    verifyStep(runtime),
    promoteStep(runtime),
    reportStep(runtime),
  ];
}

function reportStep(runtime: RestoreRuntime): Step<RestoreState> {
  return {
    name: 'report',
    run: async (state) => {
      const deployment = inlineCode(state.deploymentName ?? runtime.request.restoreName);
      const snapshot = inlineCode(state.source?.name ?? runtime.request.snapshotName ?? '');
      const key = state.verifySkipped === true ? 'restore.report.unverified' : 'restore.report.done';
      runtime.say(key, { deployment, snapshot, matching: state.comparison?.matching.length ?? 0 });
      if (state.promotion === undefined) runtime.say('restore.report.notPromoted', { deployment, service: inlineCode(runtime.context.target.service) });
      await runtime.context.reporter.flush();
      return {};
    },
  };
}

function checkedSteps(steps: Array<Step<RestoreState>>, expected: readonly string[]): Array<Step<RestoreState>> {
  const names = steps.map((step) => step.name);
  if (names.join() !== expected.join()) throw new Error(`steps ${names.join(', ')} differ from ${expected.join(', ')}`);
  return steps;
}
