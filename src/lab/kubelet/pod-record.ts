import { constants } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../apiserver/kube-object.js';
import type { MariadbProcess } from '../processes/mariadb-server.js';

/** The last termination of a container, as `containerStatuses[].lastState.terminated` shows it. */
export interface TerminatedState {
  exitCode: number;
  reason: string;
  startedAt: Date;
  finishedAt: Date;
  containerId: string;
}

/** The reason a MySQL container is not running yet, as `containerStatuses[].state.waiting` shows it. */
export interface WaitingState {
  reason: string;
  message?: string;
}

/** The kubelet's state of one MySQL pod, kept between reconcile passes. */
export interface PodRecord {
  uid: string;
  namespace: string;
  name: string;
  nodeName: string;
  containerName: string;
  /** `<lab directory>/pods/<pod uid>`: socket, pid file and error log of mariadbd. */
  runDirectory: string;
  /** Portworx volume id of the data directory, set once the volume is attached. */
  volumeId: string | undefined;
  podIp: string | undefined;
  port: number;
  /** The server that should be running; undefined while starting, backing off or stopping. */
  server: MariadbProcess | undefined;
  /** Every server of this pod that has not exited yet, including one being stopped. */
  liveProcesses: Set<MariadbProcess>;
  /** The root password the readiness check and the exec client would use. */
  rootPassword: string;
  containerId: string | undefined;
  startedAt: Date | undefined;
  restartCount: number;
  lastTerminated: TerminatedState | undefined;
  /** Crashes since the server last ran long enough; they set the back-off. */
  consecutiveFailures: number;
  waiting: WaitingState | undefined;
  /** No new start is tried before this time (ms since the epoch). */
  retryAt: number;
  /** The start or termination in progress; reconcile passes skip a busy record. */
  task: Promise<void> | undefined;
  /** True once the pod object is gone from the store; every task then stops its work. */
  removed: boolean;
}

/** Creates the record of a pod the kubelet has not seen before. */
export function newPodRecord(pod: KubeObject, containerName: string, labDirectory: string): PodRecord {
  const uid = String(pod.metadata.uid);
  const previous: KubeObject | undefined = (pod.status?.containerStatuses ?? []).find(
    (status: KubeObject) => status.name === containerName,
  );
  return {
    uid,
    namespace: String(pod.metadata.namespace),
    name: String(pod.metadata.name),
    nodeName: String(pod.spec.nodeName),
    containerName,
    runDirectory: join(labDirectory, 'pods', uid),
    volumeId: undefined,
    podIp: typeof pod.status?.podIP === 'string' ? pod.status.podIP : undefined,
    port: 3306,
    server: undefined,
    liveProcesses: new Set(),
    rootPassword: '',
    containerId: undefined,
    startedAt: undefined,
    restartCount: Number(previous?.restartCount ?? 0),
    lastTerminated: undefined,
    consecutiveFailures: 0,
    waiting: undefined,
    retryAt: 0,
    task: undefined,
    removed: false,
  };
}

/** Converts a process exit into a container exit code: the code, or 128 plus the signal number. */
export function exitCodeOf(exit: { code: number | null; signal: NodeJS.Signals | null }): number {
  if (exit.code !== null) return exit.code;
  return 128 + (exit.signal ? constants.signals[exit.signal] : 0);
}
