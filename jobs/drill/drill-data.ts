import type { Locale } from '../../src/config/app-config.js';
import type { JobRequestData } from '../../src/queue/job-data.js';
import type { RestoreState } from '../restore/restore-data.js';

/** Step names of a restore drill, in order. They are stored in job data, so renaming one breaks resuming older jobs. */
export const DRILL_STEPS = ['pick-snapshot', 'create-pvc', 'create-deployment', 'wait-ready', 'check-data', 'report', 'teardown', 'conclude'] as const;

/** Label on the drill's PVC, Deployment and pod template. Its value is the drill name, which is unique per job. */
export const DRILL_LABEL = 'pxmysql.io/drill';

/** A table whose `CHECK TABLE` did not end with status OK, with the server's messages. */
export interface FailedTableCheck {
  /** `database.table` */
  table: string;
  message: string;
}

/** Outcome of the `check-data` step, kept small because it is stored in the job data. */
export interface DrillCheckResult {
  /** Number of tables `CHECK TABLE` ran on. */
  tablesChecked: number;
  failedChecks: FailedTableCheck[];
  /** False when the snapshot has no recorded fingerprint, so nothing was compared. */
  fingerprintCompared: boolean;
  /** Tables (`database.table`) whose row count and checksum match the recorded fingerprint. */
  matchingTables: number;
  /** Tables that differ, are missing or are extra, and databases that are missing or extra. */
  differingTables: string[];
  /** Epoch milliseconds at which MySQL in the scratch pod accepted a connection. */
  mysqlReadyAt: number;
}

/** Results of the finished steps of a drill: the restore's clone state plus the drill's own fields. */
export interface DrillState extends RestoreState {
  /** Name of the scratch Deployment and value of the drill label. The PVC is `<drillName>-data`. */
  drillName?: string;
  /** ISO creation time of the snapshot the drill restores. */
  snapshotCreatedAt?: string;
  /** Epoch milliseconds at which the snapshot was picked, where the time to restore starts. */
  startedAt?: number;
  check?: DrillCheckResult;
  /** True once the scratch Deployment, its ReplicaSets and pods, and the PVC are all gone. */
  tornDown?: boolean;
}

/** Job data of a restore drill. It needs no approval, because it never changes the target's own objects. */
export type RestoreDrillJobData = Omit<JobRequestData, 'operation'> & {
  operation: 'restore-drill';
  drill?: DrillState;
};

/**
 * Builds the job data of a restore drill, for the `drill` command and for a scheduler. `triggerId`
 * derives the job id, so a scheduler passes a value unique to each run.
 */
export function restoreDrillJobData(input: { target: string; requestedBy: string; channel: string; triggerId: string; locale: Locale }): RestoreDrillJobData {
  return {
    operation: 'restore-drill',
    target: input.target,
    requestedBy: input.requestedBy,
    channel: input.channel,
    triggerId: input.triggerId,
    locale: input.locale,
  };
}
