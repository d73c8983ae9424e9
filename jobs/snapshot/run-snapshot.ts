import type { Job } from 'bullmq';
import { CoreV1Api } from '@kubernetes/client-node';
import { describeError } from '../../src/errors.js';
import { execInPod } from '../../src/kube/exec.js';
import { readSnapshotVolumeId, readVolumeSnapshot, snapshotClient } from '../../src/kube/volume-snapshots.js';
import { findPortworxPod, inspectVolume } from '../../src/portworx/pxctl-runner.js';
import type { JobContext } from '../../src/runtime/job-context.js';
import { runSteps, type Step } from '../../src/runtime/step-runner.js';
import { section } from '../../src/slack/blocks/builders.js';
import { outputMessages } from '../../src/slack/blocks/output-messages.js';
import { inlineCode, userText, type TextParam } from '../../src/slack/user-text.js';
import { SNAPSHOT_STEPS, type SnapshotJobData, type SnapshotState } from './snapshot-data.js';
import { snapshotSummary } from './snapshot-report.js';
import { takeSnapshot, type TakeSnapshotOptions } from './take-snapshot.js';

export { defaultSnapshotName } from './snapshot-names.js';

/** Deadline of the `pxctl volume inspect` call in the report, in milliseconds. */
const PXCTL_TIMEOUT_MS = 30_000;

/** The part of a BullMQ job that a snapshot uses: its id and data, and `updateData` to store the state. */
export type SnapshotJob = Pick<Job<SnapshotJobData>, 'id' | 'data' | 'updateData'>;

/** The JobContext of a snapshot job. */
export type SnapshotJobContext = Omit<JobContext, 'job' | 'data'> & { job: SnapshotJob; data: SnapshotJobData };

/** Runs a snapshot job. Throwing fails the job; a snapshot job needs no compensation, because a failed snapshot changes no data. */
export type SnapshotHandler = (context: SnapshotJobContext) => Promise<void>;

/**
 * Creates the snapshot operation. The steps run in the order of SNAPSHOT_STEPS, and the state is
 * stored in the job data (`snapshot`) after each one, so a resumed job starts at the first
 * unfinished step. A resumed `snapshot` step reuses the VolumeSnapshot it created before.
 */
export function createSnapshotHandler(options: TakeSnapshotOptions = {}): SnapshotHandler {
  return async (context) => {
    const { job, logger } = context;
    const state: SnapshotState = job.data.snapshot ?? { completedSteps: [] };
    if (state.completedSteps.length > 0) logger.info({ completedSteps: state.completedSteps }, 'resuming snapshot');

    await runSteps({
      steps: snapshotSteps(context, options),
      state,
      persist: async (next) => {
        await job.updateData({ ...job.data, snapshot: next });
      },
      onStepStart: (name) => logger.info({ step: name }, 'step started'),
      onStepDone: (name) => logger.info({ step: name }, 'step done'),
    });
  };
}

/** The snapshot operation with the default intervals (ready polled every second, read lock held at most 5 s for the cut). */
export const runSnapshot: SnapshotHandler = createSnapshotHandler();

function snapshotSteps(context: SnapshotJobContext, options: TakeSnapshotOptions): Array<Step<SnapshotState>> {
  const steps = [snapshotStep(context, options), reportStep(context)];
  const names = steps.map((step) => step.name);
  if (names.join() !== SNAPSHOT_STEPS.join()) throw new Error(`snapshot steps ${names.join(', ')} differ from SNAPSHOT_STEPS`);
  return steps;
}

function say(context: SnapshotJobContext, key: string, params: Record<string, TextParam> = {}): void {
  const message = userText(context.data.locale, key, params);
  context.reporter.reply({ text: message, blocks: [section(message)] });
}

/** Takes the snapshot; run again after a crash, it waits for the snapshot this job already created. */
function snapshotStep(context: SnapshotJobContext, options: TakeSnapshotOptions): Step<SnapshotState> {
  return {
    name: 'snapshot',
    run: async () => {
      const { data, target } = context;
      const snapshots = target.snapshots;
      say(context, 'snapshot.started', {
        name: inlineCode(data.snapshotName),
        pvc: inlineCode(target.pvc),
        api: userText(data.locale, snapshots.api === 'csi' ? 'snapshot.api.csi' : 'snapshot.api.stork'),
        consistency: userText(data.locale, snapshots.appConsistent ? 'snapshot.consistency.locked' : 'snapshot.consistency.unlocked'),
        seconds: snapshots.readyTimeoutSeconds,
      });
      const jobId = context.job.id ?? data.triggerId;
      const result = await takeSnapshot(context, { name: data.snapshotName, jobId }, options);
      return { result };
    },
  };
}

/**
 * Replies with the summary and, when a portworx pod can run it, `pxctl volume inspect` of the
 * snapshot volume. Run again after a crash, it posts the summary again.
 */
function reportStep(context: SnapshotJobContext): Step<SnapshotState> {
  return {
    name: 'report',
    run: async (state) => {
      const { data, target, reporter } = context;
      const result = state.result;
      if (result === undefined) throw new Error('the snapshot step finished without a result in the job data');
      reporter.reply(snapshotSummary(data.locale, data.target, result, target.snapshots.appConsistent));

      const inspection = await inspectSnapshotVolume(context, result.name);
      if (inspection !== undefined) {
        const heading = userText(data.locale, 'snapshot.report.inspectHeading', { volume: inlineCode(inspection.volumeId) });
        for (const message of outputMessages(heading, inspection.output)) reporter.reply(message);
      }
      // Deliver before the step is stored as done, or a worker killed right after loses the summary for good.
      await reporter.flush();
      return {};
    },
  };
}

/**
 * Runs `pxctl volume inspect` on the Portworx snapshot volume. Returns undefined, and logs why,
 * when the volume id or a portworx pod cannot be found or pxctl fails, because the snapshot is
 * ready and the report must not fail for a missing extra.
 */
async function inspectSnapshotVolume(context: SnapshotJobContext, name: string): Promise<{ volumeId: string; output: string } | undefined> {
  const { kubeConfig, target, logger } = context;
  try {
    const custom = snapshotClient(kubeConfig);
    const snapshot = await readVolumeSnapshot(custom, target.snapshots.api, target.namespace, name);
    const volumeId = snapshot === undefined ? undefined : await readSnapshotVolumeId(custom, target.snapshots.api, snapshot);
    if (volumeId === undefined) {
      logger.warn({ snapshot: name }, 'no Portworx snapshot volume id found; the report has no pxctl output');
      return undefined;
    }
    const pod = await findPortworxPod(kubeConfig.makeApiClient(CoreV1Api), target.portworx);
    const inspected = await inspectVolume((request) => execInPod(kubeConfig, request), pod, volumeId, { timeoutMs: PXCTL_TIMEOUT_MS });
    return { volumeId, output: inspected.text };
  } catch (error) {
    logger.warn({ err: error, snapshot: name, reason: describeError(error) }, 'pxctl volume inspect of the snapshot volume failed; the report has no pxctl output');
    return undefined;
  }
}
