import { restoreDrillJobData } from '../../jobs/drill/drill-data.js';
import { scheduledSnapshotJobData } from '../../jobs/scheduled-snapshot/scheduled-snapshot-data.js';
import type { JobData } from '../queue/job-data.js';
import type { ScheduleKind, ScheduleSpec } from './schedule-types.js';

/** Job data of one scheduled run, with the schedule it came from so that listings can read it back. */
export type ScheduledJobData = JobData & { schedule: ScheduleSpec };

/**
 * Builders of each kind's job data, one function per kind. The job data becomes the template of
 * the BullMQ job scheduler, so every run starts from it.
 */
const JOB_BUILDERS: Record<ScheduleKind, (schedule: ScheduleSpec) => ScheduledJobData> = {
  snapshot: (schedule) => scheduledSnapshotJobData(schedule),
  drill: (schedule) => ({
    ...restoreDrillJobData({ target: schedule.target, requestedBy: schedule.createdBy, channel: schedule.channel, triggerId: schedule.id, locale: schedule.locale }),
    schedule,
  }),
};

/** Builds the template job data of a schedule. */
export function scheduledJobData(schedule: ScheduleSpec): ScheduledJobData {
  return JOB_BUILDERS[schedule.kind](schedule);
}
