import type { Fingerprint } from '../../src/mysql/fingerprint.js';
import type { FingerprintComparison } from '../../src/mysql/fingerprint-compare.js';
import type { JobRequestData } from '../../src/queue/job-data.js';
import type { StepState } from '../../src/runtime/step-runner.js';

/** Step names of a restore, in order. They are stored in job data, so renaming one breaks resuming older jobs. */
export const RESTORE_STEPS = ['read-snapshot', 'create-pvc', 'create-deployment', 'wait-ready', 'verify', 'promote', 'report'] as const;

/** Step names of a promotion, in order. */
export const PROMOTE_STEPS = ['check-restored', 'point-service', 'scale-down-old', 'report'] as const;

/** Annotations that pxmysql writes on the objects a restore creates and on the Deployment a promotion scales down. */
export const RESTORE_ANNOTATIONS = {
  /** Id of the job that created the PVC or Deployment; a resumed job reuses only objects that carry its own id. */
  createdByJob: 'pxmysql.io/restore-job',
  /** Name of the VolumeSnapshot the data comes from. */
  snapshot: 'pxmysql.io/restored-from-snapshot',
  /** Time the restored data matched the snapshot's fingerprint; promotion requires it. */
  verifiedAt: 'pxmysql.io/verified-at',
  /** Replica count of the old Deployment before a promotion scaled it to 0. */
  replicasBeforePromote: 'pxmysql.io/replicas-before-promote',
} as const;

/** The snapshot as the `read-snapshot` step found it. */
export interface RestoreSource {
  name: string;
  api: 'csi' | 'stork';
  /** `status.restoreSize` of a CSI snapshot; undefined for STORK, which reports none. */
  restoreSize: string | undefined;
  /** Fingerprint recorded on the snapshot when it was cut; undefined when it has none. */
  fingerprint: Fingerprint | undefined;
}

/** Address of MySQL in the restored pod. */
export interface RestoredPod {
  name: string;
  uid: string;
  nodeName: string | undefined;
  ip: string | undefined;
  port: number;
}

/** Changes made by a promotion, kept so they can be reported and undone by hand. */
export interface Promotion {
  service: string;
  /** The Service's selector before the promotion. */
  previousSelector: Record<string, string>;
  selector: Record<string, string>;
  oldDeployment: string;
  /** Replica count of the old Deployment before it was scaled to 0. */
  oldReplicas: number;
}

/** Results of the finished steps, stored in the job data after each step (plain JSON). */
export interface RestoreState extends StepState {
  source?: RestoreSource;
  claimName?: string;
  /** Storage request of the new PVC: the larger of the snapshot's restore size and the target PVC's request. */
  claimSize?: string;
  storageClassName?: string;
  /** False when the PVC already existed from an earlier run of this job. */
  claimCreated?: boolean;
  deploymentName?: string;
  deploymentCreated?: boolean;
  pod?: RestoredPod;
  /** Undefined when the snapshot has no recorded fingerprint, so nothing was compared. */
  comparison?: FingerprintComparison;
  /** True when verify ran without a recorded fingerprint. */
  verifySkipped?: boolean;
  promotion?: Promotion;
  /** Service selector recorded before the point-service step patched it, kept for a resumed run. */
  previousSelector?: Record<string, string>;
}

/** Job data of a restore: the request, the approval, the snapshot, the new Deployment's name and the state of the steps. */
export type RestoreJobData = Omit<JobRequestData, 'operation'> & {
  operation: 'restore';
  approvalId: string;
  /** Slack user id of the approver. */
  approvedBy: string;
  snapshotName: string;
  /** Name of the new Deployment; its PVC is `<restoreName>-data`. */
  restoreName: string;
  /**
   * Point the target's Service at the restored Deployment and scale the old one to 0 inside this
   * job, after verification. Requests from Slack leave it false and set `requestPromotion`, because
   * promotion needs its own approval.
   */
  promote: boolean;
  /** After a verified restore, ask for the approval of a separate promote job. */
  requestPromotion?: boolean;
  restore?: RestoreState;
};

/** Job data of a promotion of a Deployment that an earlier restore job created and verified. */
export type PromoteJobData = Omit<JobRequestData, 'operation'> & {
  operation: 'promote';
  approvalId: string;
  approvedBy: string;
  restoreName: string;
  promote?: RestoreState;
};
