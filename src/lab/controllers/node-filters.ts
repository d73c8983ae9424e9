import type { KubeObject } from '../apiserver/kube-object.js';
import { matchesNodeAffinity } from './node-affinity.js';
import { conditionOf } from './pod-state.js';
import { UNSCHEDULABLE_TAINT, describeTaint, firstUntoleratedTaint, toleratesTaint } from './taints.js';

export const PORTWORX_OFFLINE_REASON = 'node(s) had Portworx offline';

/**
 * Returns why the pod cannot run on the node, in the words of the scheduler's filter plugins
 * and in their order (NodeUnschedulable, TaintToleration, NodeAffinity), or undefined when it
 * fits. A node whose Ready condition is not True is rejected too, even before the node
 * controller taints it. `portworxOnline` is checked last and only for STORK pods with Portworx volumes.
 */
export function nodeFailureReason(pod: KubeObject, node: KubeObject, portworxOnline: boolean | undefined): string | undefined {
  const tolerations: KubeObject[] = pod.spec?.tolerations ?? [];
  if (node.spec?.unschedulable === true) {
    const cordonTaint = { key: UNSCHEDULABLE_TAINT, effect: 'NoSchedule' };
    if (!tolerations.some((toleration) => toleratesTaint(toleration, cordonTaint))) return 'node(s) were unschedulable';
  }
  const taint = firstUntoleratedTaint(node.spec?.taints, tolerations, ['NoSchedule', 'NoExecute']);
  if (taint) return `node(s) had untolerated taint ${describeTaint(taint)}`;
  if (!matchesNodeAffinity(pod, node)) return "node(s) didn't match Pod's node affinity/selector";
  if (conditionOf(node, 'Ready')?.status !== 'True') return 'node(s) were not ready';
  if (portworxOnline === false) return PORTWORX_OFFLINE_REASON;
  return undefined;
}

/**
 * Formats the FailedScheduling message from the reason of each node, e.g.
 * `0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) had untolerated taint {node.kubernetes.io/unreachable: }.`
 * The parts are sorted as the scheduler sorts them.
 */
export function unschedulableMessage(nodeCount: number, reasons: string[]): string {
  const counts = new Map<string, number>();
  for (const reason of reasons) counts.set(reason, (counts.get(reason) ?? 0) + 1);
  const parts = [...counts].map(([reason, count]) => `${count} ${reason}`).sort();
  if (nodeCount === 0) return '0/0 nodes are available.';
  return `0/${nodeCount} nodes are available: ${parts.join(', ')}.`;
}
