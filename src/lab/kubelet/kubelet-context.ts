import type { Logger } from '../../logging.js';
import { jsonEqual } from '../apiserver/kube-object.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';
import type { KubeletEvents } from './kubelet-events.js';
import { nodeInternalIp } from './pod-addresses.js';
import type { PodRecord } from './pod-record.js';
import { mysqlPodStatus } from './pod-status.js';

/** Timing of the kubelet; tests shorten the back-off. All in milliseconds. */
export interface KubeletOptions {
  /**
   * Wait before the first restart of a crashed mariadbd; it doubles per crash up to
   * `maxRestartBackoffMs`. Default 1 000 (a real kubelet starts at 10 s and stops at 5 min).
   */
  restartBackoffMs?: number;
  /** Default 10 000. */
  maxRestartBackoffMs?: number;
  /** How long mariadbd may take to accept a root login, crash recovery included. Default 60 000. */
  startTimeoutMs?: number;
}

/** State and helpers that the kubelet's reconcile pass and its per-pod tasks share. */
export interface KubeletContext {
  runtime: LabRuntime;
  logger: Logger;
  options: Required<KubeletOptions>;
  /** Records of MySQL pods, by pod uid. */
  records: Map<string, PodRecord>;
  events: KubeletEvents;
  /** Root passwords that MYSQL_RANDOM_ROOT_PASSWORD chose, by Portworx volume id. */
  generatedPasswords: Map<string, string>;
  /** Asks for another reconcile pass. */
  trigger(): void;
  /** Set by `stop()`: every task ends its work and kills a server it has just started. */
  stopped: boolean;
}

export const DEFAULT_KUBELET_OPTIONS: Required<KubeletOptions> = {
  restartBackoffMs: 1_000,
  maxRestartBackoffMs: 10_000,
  startTimeoutMs: 60_000,
};

/** True when the task working on `record` must stop: the pod is gone, its node went down or the kubelet stopped. */
export function isCancelled(context: KubeletContext, record: PodRecord): boolean {
  return context.stopped || record.removed || context.runtime.nodes.isDown(record.nodeName);
}

/**
 * Writes the pod's status from its record, unless the pod is gone, belongs to another uid or its
 * node is down (a down kubelet reports nothing). Writes nothing when the status is unchanged.
 */
export function writeMysqlPodStatus(context: KubeletContext, record: PodRecord): void {
  if (isCancelled(context, record)) return;
  const { store } = context.runtime;
  const pod = store.find('pods', record.namespace, record.name);
  if (!pod || pod.metadata.uid !== record.uid) return;

  const hostIp = nodeInternalIp(store, record.nodeName);
  const status = mysqlPodStatus(pod, record, hostIp, record.server !== undefined, context.runtime.now());
  if (jsonEqual(status, pod.status)) return;
  store.updateStatus('pods', { ...pod, status });
}

/**
 * Lets pods that wait for a volume try again on the next pass, because a volume was just detached.
 */
export function retryWaitingPods(context: KubeletContext): void {
  for (const record of context.records.values()) {
    if (record.server === undefined && record.waiting?.reason === 'ContainerCreating') record.retryAt = 0;
  }
  context.trigger();
}
