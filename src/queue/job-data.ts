import type { DropJobData } from '../../jobs/drop/drop-data.js';
import type { RestoreDrillJobData } from '../../jobs/drill/drill-data.js';
import type { ExpandJobData } from '../../jobs/expand/expand-data.js';
import type { FailoverJobData } from '../../jobs/failover/failover-data.js';
import type { IncidentJobData } from '../../jobs/incident/incident-data.js';
import type { PromoteJobData, RestoreJobData } from '../../jobs/restore/restore-data.js';
import type { ScheduledSnapshotJobData } from '../../jobs/scheduled-snapshot/scheduled-snapshot-data.js';
import type { SnapshotJobData } from '../../jobs/snapshot/snapshot-data.js';
import type { Locale } from '../config/app-config.js';

/**
 * Operations that run as jobs. `status` is read-only; `failover`, `restore` and `drop` always need
 * an approval, `expand` when the target's config requires one.
 */
export type Operation = 'status' | 'failover' | 'snapshot' | 'expand' | 'restore' | 'promote' | 'drop' | 'restore-drill' | 'incident' | 'scheduled-snapshot';

/** Fields every job carries: who asked, where to report and in which language. */
export interface JobRequestData {
  operation: Operation;
  target: string;
  /** Slack user id of the requester. */
  requestedBy: string;
  /** Slack channel id where the command was typed; the job's thread lives there. */
  channel: string;
  /** Slack trigger id of the command; it derives the job id and tags the thread's parent message. */
  triggerId: string;
  locale: Locale;
  /** Timestamp of the thread's parent message, stored once posted so a resumed job reuses the thread. */
  threadTs?: string;
}

export type StatusJobData = JobRequestData & { operation: 'status' };

export type JobData = StatusJobData | FailoverJobData | SnapshotJobData | ExpandJobData | RestoreJobData | PromoteJobData | DropJobData | RestoreDrillJobData | IncidentJobData | ScheduledSnapshotJobData;

/**
 * Derives the job id from the Slack trigger id, so that a command Slack delivers twice enqueues
 * one job. BullMQ rejects ids containing ":", so the parts are joined with "-".
 */
export function jobIdFor(operation: Operation, triggerId: string): string {
  return `${operation}-${triggerId.replace(/[^A-Za-z0-9._-]/g, '_')}`;
}
