import type { JobRequestData } from '../../src/queue/job-data.js';
import type { StepState } from '../../src/runtime/step-runner.js';
import type { SnapshotResult } from './take-snapshot.js';

/** Step names of a snapshot job, in order. They are stored in job data, so renaming one breaks resuming older jobs. */
export const SNAPSHOT_STEPS = ['snapshot', 'report'] as const;

/** Results of the finished steps, stored in the job data after each step (plain JSON). */
export interface SnapshotState extends StepState {
  /** The ready snapshot, recorded by the `snapshot` step. */
  result?: SnapshotResult;
}

/** Job data of a snapshot: the request, the snapshot name and the state of the steps. */
export type SnapshotJobData = Omit<JobRequestData, 'operation'> & {
  operation: 'snapshot';
  /** Name of the VolumeSnapshot to create, chosen when the command was typed. */
  snapshotName: string;
  snapshot?: SnapshotState;
};
