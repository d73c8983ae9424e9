import type { Job } from 'bullmq';
import { SCHEDULE_KEEP_RANGE } from '../../src/config/targets-schema.js';
import { describeError } from '../../src/errors.js';
import type { Logger } from '../../src/logging.js';
import type { JobContext } from '../../src/runtime/job-context.js';
import { runSteps, type Step } from '../../src/runtime/step-runner.js';
import { section } from '../../src/slack/blocks/builders.js';
import { userText } from '../../src/slack/user-text.js';
import { defaultSnapshotName } from '../snapshot/snapshot-names.js';
import { takeSnapshot, type TakeSnapshotOptions } from '../snapshot/take-snapshot.js';
import { planRetention } from './retention.js';
import { snapshotsInUse } from './snapshots-in-use.js';
import { SCHEDULED_SNAPSHOT_STEPS, type ScheduledSnapshotJobData, type ScheduledSnapshotState } from './scheduled-snapshot-data.js';
import { deletedList } from './scheduled-snapshot-notice.js';
import { deleteScheduledSnapshot, listScheduledSnapshots, SCHEDULE_ANNOTATION } from './scheduled-snapshots.js';

/** The part of a BullMQ job that a scheduled snapshot uses. */
export type ScheduledSnapshotJob = Pick<Job<ScheduledSnapshotJobData>, 'id' | 'data' | 'updateData' | 'timestamp' | 'opts'>;

export type ScheduledSnapshotContext = Omit<JobContext, 'job' | 'data'> & { job: ScheduledSnapshotJob; data: ScheduledSnapshotJobData };

/**
 * Creates the scheduled-snapshot operation: take a snapshot annotated with the schedule id, then
 * apply the schedule's retention. The state is stored after each step, so a resumed run reuses
 * its snapshot. When a run fails, retention still runs (best effort) so that failed runs cannot
 * pile up snapshots, and it keeps the newest ready one.
 */
export function createScheduledSnapshotHandler(options: TakeSnapshotOptions = {}): (context: ScheduledSnapshotContext) => Promise<void> {
  return async (context) => {
    const { job } = context;
    const logger = context.logger.child({ scheduleId: job.data.schedule.id });
    const state: ScheduledSnapshotState = job.data.scheduled ?? { completedSteps: [] };
    try {
      await runSteps({
        steps: scheduledSnapshotSteps(context, logger, options),
        state,
        persist: async (next) => {
          await job.updateData({ ...job.data, scheduled: next });
        },
        onStepStart: (name) => logger.info({ step: name }, 'step started'),
        onStepDone: (name) => logger.info({ step: name }, 'step done'),
      });
    } catch (error) {
      await retainAfterFailure(context, logger);
      throw error;
    }
  };
}

/** The scheduled-snapshot operation with the default snapshot intervals. */
export const runScheduledSnapshot = createScheduledSnapshotHandler();

/**
 * Returns the run's snapshot name, `<pvc>-scheduled-<yyyymmdd>-<hhmmss>` at the time the scheduler
 * planned the run (UTC). It depends only on the job, so a resumed run finds its own snapshot.
 */
export function scheduledSnapshotName(pvc: string, job: Pick<ScheduledSnapshotJob, 'timestamp' | 'opts'>): string {
  // BullMQ creates the next run's job ahead of time with a delay up to the planned time.
  const plannedAt = job.timestamp + (job.opts.delay ?? 0);
  return defaultSnapshotName(`${pvc}-scheduled`, new Date(plannedAt));
}

function scheduledSnapshotSteps(context: ScheduledSnapshotContext, logger: Logger, options: TakeSnapshotOptions): Array<Step<ScheduledSnapshotState>> {
  const steps = [snapshotStep(context, logger, options), retentionStep(context, logger)];
  const names = steps.map((step) => step.name);
  if (names.join() !== SCHEDULED_SNAPSHOT_STEPS.join()) throw new Error(`scheduled snapshot steps ${names.join(', ')} differ from SCHEDULED_SNAPSHOT_STEPS`);
  return steps;
}

function snapshotStep(context: ScheduledSnapshotContext, logger: Logger, options: TakeSnapshotOptions): Step<ScheduledSnapshotState> {
  return {
    name: 'snapshot',
    run: async () => {
      const { job, target, data } = context;
      const name = scheduledSnapshotName(target.pvc, job);
      const jobId = job.id ?? data.triggerId;
      const result = await takeSnapshot({ ...context, logger }, { name, jobId, annotations: { [SCHEDULE_ANNOTATION]: data.schedule.id } }, options);
      return { result };
    },
  };
}

function retentionStep(context: ScheduledSnapshotContext, logger: Logger): Step<ScheduledSnapshotState> {
  return {
    name: 'retention',
    run: async () => {
      const outcome = await applyRetention(context, logger);
      return { retained: outcome.retained, deleted: outcome.deleted };
    },
  };
}

/** Deletes the schedule's snapshots beyond `keep` (see planRetention) and returns what is left and what went. */
async function applyRetention(context: ScheduledSnapshotContext, logger: Logger): Promise<{ retained: number; deleted: string[] }> {
  const { kubeConfig, target, data } = context;
  const keep = data.schedule.keep ?? SCHEDULE_KEEP_RANGE.default;
  const snapshots = await listScheduledSnapshots(kubeConfig, target, data.schedule.id);
  const plan = planRetention(snapshots, keep, await snapshotsInUse(kubeConfig, target.namespace));
  const deleted: string[] = [];
  for (const candidate of plan.deleted) {
    const snapshot = snapshots.find((item) => item.name === candidate.name);
    if (snapshot === undefined) continue;
    await deleteScheduledSnapshot(kubeConfig, target.namespace, snapshot);
    deleted.push(snapshot.name);
    logger.info({ snapshot: snapshot.name, ready: snapshot.ready, keep }, 'retention deleted a scheduled snapshot');
  }
  return { retained: plan.kept.length, deleted };
}

/** Runs retention after a failed run and replies in the thread with what it deleted. Its own errors are logged, not thrown. */
async function retainAfterFailure(context: ScheduledSnapshotContext, logger: Logger): Promise<void> {
  try {
    const { deleted } = await applyRetention(context, logger);
    if (deleted.length === 0) return;
    const text = userText(context.data.locale, 'schedule.notice.deletedAfterFailure', { deleted: deletedList(context.data.locale, deleted) });
    context.reporter.reply({ text, blocks: [section(text)] });
  } catch (error) {
    logger.warn({ err: error, reason: describeError(error) }, 'retention after a failed scheduled snapshot failed; the next run retries it');
  }
}
