import type { Fingerprint } from '../../src/mysql/fingerprint.js';
import type { FingerprintComparison } from '../../src/mysql/fingerprint-compare.js';
import type { JobRequestData } from '../../src/queue/job-data.js';
import type { StepState } from '../../src/runtime/step-runner.js';

/** Step names of a failover, in order. They are stored in job data, so renaming one breaks resuming older jobs. */
export const FAILOVER_STEPS = [
  'preflight',
  'fingerprint',
  'cordon-node',
  'delete-pod',
  'wait-for-replacement',
  'verify',
  'uncordon-node',
  'report',
] as const;

export type FailoverStepName = (typeof FAILOVER_STEPS)[number];

/** Placement of a MySQL pod: its name, UID, node and IP. */
export interface PodPlacement {
  name: string;
  uid: string;
  nodeName: string;
  /** `status.podIP`; undefined for a pod on a node that stopped reporting before it had one. */
  ip: string | undefined;
}

/** Results of the verify step after the move. */
export interface FailoverVerification {
  /** Undefined when no fingerprint was taken before the failover. */
  comparison: FingerprintComparison | undefined;
  /** ISO time of the sentinel row read back, or undefined when no sentinel was written. */
  sentinelWrittenAt: string | undefined;
  /** Node the volume is attached on, as pxctl printed it and resolved to a node name where possible. */
  attachedNode: string | undefined;
  newNodeHoldsReplica: boolean;
  /** Replica nodes after the move, as node names where the address is known. */
  replicaNodes: string[];
  replicationStatus: string | undefined;
  /** `pxctl volume inspect` text output, shown in the report. */
  inspectOutput: string;
  /** Milliseconds from the replacement pod's Ready to MySQL's first accepted connection. */
  mysqlWaitMs: number;
}

/** Results of the finished steps, stored in the job data after each step (plain JSON). */
export interface FailoverState extends StepState {
  labelSelector?: string;
  /** The pod being moved away, recorded by preflight. */
  oldPod?: PodPlacement;
  oldNodeReady?: boolean;
  mysqlPort?: number;
  /** Portworx volume name (the PersistentVolume's name). */
  volumeName?: string;
  /** Replica nodes before the move, as node names where the address is known. */
  replicaNodes?: string[];
  replicationStatus?: string;
  fingerprint?: Fingerprint;
  /** Reason no fingerprint was taken. Set only for a forced failover whose MySQL was unreachable. */
  fingerprintSkippedReason?: string;
  /** ISO time written in the sentinel row. */
  sentinelAt?: string;
  /** Node that the cordon step handled. */
  cordonedNode?: string;
  /** True only when this job cordoned the node; compensation and uncordon act only then. */
  cordonedByThisJob?: boolean;
  /** When the old pod was deleted, or found already gone, in milliseconds since the epoch. */
  deletedAt?: number;
  podAlreadyGone?: boolean;
  newPod?: PodPlacement;
  /** When the replacement pod was seen Ready, in milliseconds since the epoch. */
  readyAt?: number;
  verification?: FailoverVerification;
  /** When verification finished, in milliseconds since the epoch. */
  verifiedAt?: number;
  uncordoned?: boolean;
}

/** Job data of a failover: the request, the approval, the options and the state of the steps. */
export type FailoverJobData = Omit<JobRequestData, 'operation'> & {
  operation: 'failover';
  approvalId: string;
  /** Slack user id of the approver. */
  approvedBy: string;
  /** Accept a pod on a NotReady node or stuck Terminating, a Degraded volume and MySQL being unreachable; delete with a grace period of 0. */
  force: boolean;
  /** Leave the old node cordoned after a successful failover. */
  keepCordoned: boolean;
  failover?: FailoverState;
};
