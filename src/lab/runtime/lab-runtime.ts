import type { Logger } from '../../logging.js';
import type { ObjectStore } from '../apiserver/object-store.js';
import type { PortworxClusterState } from '../portworx/cluster-state.js';
import type { LabNodeStates } from './lab-node-states.js';

/** Time settings of the lab's controllers; tests shorten them. All in milliseconds. */
export interface LabTiming {
  /** How long a down node keeps its Ready condition before it turns Unknown (Kubernetes: 40 s). */
  nodeMonitorGracePeriodMs: number;
  /**
   * How long pods stay on a NotReady node before they are evicted, like the default
   * `node.kubernetes.io/unreachable` toleration (Kubernetes: 300 s). The lab default is shorter so
   * a failover in the lab completes in under a minute.
   */
  podEvictionTimeoutMs: number;
  /** Interval of each controller's periodic resync. */
  resyncMs: number;
}

export const DEFAULT_LAB_TIMING: LabTiming = { nodeMonitorGracePeriodMs: 5_000, podEvictionTimeoutMs: 20_000, resyncMs: 500 };

/**
 * Freezes a volume's writer for a point-in-time copy (the lab's stand-in for fsfreeze): resolves
 * with a function that thaws it. The kubelet registers one that stops and resumes the pod's
 * mariadbd process; a volume with no running writer needs no freeze.
 */
export type VolumeFreezer = (volumeId: string) => Promise<() => Promise<void>>;

/** State shared by the lab's controllers, kubelet and Portworx. */
export interface LabRuntime {
  store: ObjectStore;
  portworx: PortworxClusterState;
  nodes: LabNodeStates;
  /** Root folder of the lab's files: volume data under `volumes/`, pod run folders under `pods/`. */
  directory: string;
  logger: Logger;
  timing: LabTiming;
  now: () => Date;
  /**
   * First three octets of the pod network, such as `127.0.20`: pods get addresses `<subnet>.2` to
   * `<subnet>.254`. Labs that run at the same time (parallel test files) need different subnets,
   * because every MySQL pod listens on port 3306 of its own address.
   */
  podSubnet: string;
  /** Set by the kubelet; the snapshot controller calls it around a copy. */
  volumeFreezer: VolumeFreezer | undefined;
}
