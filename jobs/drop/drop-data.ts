import type { JobRequestData } from '../../src/queue/job-data.js';
import type { StepState } from '../../src/runtime/step-runner.js';

/** Step names of a drop, in order. They are stored in job data, so renaming one breaks resuming older jobs. */
export const DROP_STEPS = ['safety-snapshot', 'drop-database', 'report'] as const;

/** The safety snapshot as the `safety-snapshot` step recorded it. */
export interface SafetySnapshot {
  name: string;
  api: 'csi' | 'stork';
  /** `status.restoreSize` of a CSI snapshot; undefined for STORK, which reports none. */
  restoreSize: string | undefined;
}

/** Results of the finished steps, stored in the job data after each step (plain JSON). */
export interface DropState extends StepState {
  safetySnapshot?: SafetySnapshot;
  /** Base tables in the database when the drop started, stored before `DROP DATABASE` is sent. */
  tablesBefore?: number;
  /** ISO time at which `DROP DATABASE` was first sent, stored before sending it. */
  dropStartedAt?: string;
  /** True when a resumed run found the database already gone after an earlier run had started the drop. */
  alreadyGone?: boolean;
  /** ISO time at which the database was seen gone. */
  droppedAt?: string;
}

/** Job data of a drop: the request, the approval, the database and the state of the steps. */
export type DropJobData = Omit<JobRequestData, 'operation'> & {
  operation: 'drop';
  approvalId: string;
  /** Slack user id of the approver. */
  approvedBy: string;
  database: string;
  /** Name of the safety snapshot, chosen when the drop was requested so that the approval message shows it. */
  safetySnapshotName: string;
  drop?: DropState;
};
