import type { JobRequestData } from '../../src/queue/job-data.js';
import type { StepState } from '../../src/runtime/step-runner.js';
import type { ScheduleSpec } from '../../src/schedules/schedule-types.js';
import type { SnapshotResult } from '../snapshot/take-snapshot.js';

/** Step names of a scheduled snapshot, in order. They are stored in job data, so renaming one breaks resuming older jobs. */
export const SCHEDULED_SNAPSHOT_STEPS = ['snapshot', 'retention'] as const;

/** Results of the finished steps (plain JSON). */
export interface ScheduledSnapshotState extends StepState {
  result?: SnapshotResult;
  /** Scheduled snapshots of this schedule left after retention. */
  retained?: number;
  /** Names of the snapshots that retention deleted. */
  deleted?: string[];
}

/**
 * Job data of one run of a snapshot schedule. The scheduler's template contains the request and the
 * schedule, and each run adds its state.
 */
export type ScheduledSnapshotJobData = Omit<JobRequestData, 'operation'> & {
  operation: 'scheduled-snapshot';
  schedule: ScheduleSpec;
  scheduled?: ScheduledSnapshotState;
};

/**
 * Builds the template data of a snapshot schedule. The trigger id is the schedule id, because
 * BullMQ derives each run's job id from the scheduler id and the run time.
 */
export function scheduledSnapshotJobData(schedule: ScheduleSpec): ScheduledSnapshotJobData {
  return {
    operation: 'scheduled-snapshot',
    target: schedule.target,
    requestedBy: schedule.createdBy,
    channel: schedule.channel,
    triggerId: schedule.id,
    locale: schedule.locale,
    schedule,
  };
}
