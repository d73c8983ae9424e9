import type { JobRequestData } from '../../src/queue/job-data.js';
import type { StepState } from '../../src/runtime/step-runner.js';

/** Step names of an expansion, in order. They are stored in job data, so renaming one breaks resuming older jobs. */
export const EXPAND_STEPS = ['preflight', 'patch-pvc', 'wait-for-capacity', 'report'] as const;

export type ExpandStepName = (typeof EXPAND_STEPS)[number];

/** Results of the finished steps, stored in the job data after each step (plain JSON). */
export interface ExpandState extends StepState {
  /** When preflight started, in milliseconds since the epoch. */
  startedAt?: number;
  /** `spec.resources.requests.storage` of the PVC before the job, as written in the PVC. */
  oldRequest?: string;
  /** `status.capacity.storage` of the PVC before the job; undefined when the PVC had none. */
  oldCapacity?: string;
  storageClass?: string;
  /** Portworx volume name (the PersistentVolume's name). */
  volumeName?: string;
  /** Portworx volume size before the job, in bytes, from `pxctl volume inspect -j`. */
  volumeSizeBytesBefore?: number;
  /** True only when this job sent the patch; false when the PVC already requested the size. */
  patchedByThisJob?: boolean;
  /** When the patch was sent, or found already applied, in milliseconds since the epoch. */
  requestedAt?: number;
  /** `status.capacity.storage` that fulfilled the request. */
  newCapacity?: string;
  /** When the capacity reached the request, in milliseconds since the epoch. */
  resizedAt?: number;
}

/** Job data of an expansion: the request, the new size and the state of the steps. */
export type ExpandJobData = Omit<JobRequestData, 'operation'> & {
  operation: 'expand';
  /** New size of the PVC as a canonical Kubernetes quantity (`2Gi`), as `parseSize` returns it. */
  size: string;
  /** Approval that started the job, when the target requires one. */
  approvalId?: string;
  /** Slack user id of the approver, when the target requires an approval. */
  approvedBy?: string;
  expand?: ExpandState;
};
