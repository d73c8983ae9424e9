import type { V1Node, V1Pod } from '@kubernetes/client-node';

/** True when the node's Ready condition is True. Unknown and False (a node that stopped reporting, or is broken) are not Ready. */
export function isNodeReady(node: V1Node): boolean {
  return node.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false;
}

/** True when the node is cordoned (`spec.unschedulable`). */
export function isNodeCordoned(node: V1Node): boolean {
  return node.spec?.unschedulable === true;
}

/** True when the pod's Ready condition is True. */
export function isPodReady(pod: V1Pod): boolean {
  return pod.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false;
}

/** True when the pod has a deletion timestamp: it is Terminating and will not run again. */
export function isPodTerminating(pod: V1Pod): boolean {
  return pod.metadata?.deletionTimestamp !== undefined && pod.metadata.deletionTimestamp !== null;
}
