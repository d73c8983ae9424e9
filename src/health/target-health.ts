import type { V1Node, V1NodeCondition, V1Pod, V1PodCondition } from '@kubernetes/client-node';
import { isNodeReady, isPodReady, isPodTerminating } from '../kube/node-state.js';

/** Observed state of one MySQL pod, as plain JSON because open alerts store it in Redis. */
export interface PodHealth {
  pod: string;
  /** `spec.nodeName`; undefined while the pod is not scheduled. */
  node: string | undefined;
  podReady: boolean;
  /** Undefined while the pod is not scheduled; false when the node was not found. */
  nodeReady: boolean | undefined;
  terminating: boolean;
  /** Pod conditions that are not True, such as `Ready=False (ContainersNotReady)`. */
  podConditions: string[];
  /** The node's Ready condition when it is not True, such as `Ready=Unknown (NodeStatusUnknown)`. */
  nodeConditions: string[];
  /** ISO time the pod stopped serving, from the pod's and node's Ready conditions; undefined when they do not tell. */
  since: string | undefined;
}

/**
 * Health of a target's MySQL Deployment. The target is healthy while at least one of its pods is
 * Ready, not Terminating, and on a Ready node, because that pod serves the database. A pod stuck
 * Terminating on a dead node next to a Ready replacement is therefore healthy. A Deployment scaled
 * to zero (as `promote` leaves the old one) is healthy with no serving pod, because no pod is wanted.
 */
export type TargetHealth =
  | { healthy: true; serving: { pod: string; node: string } | undefined }
  | {
      healthy: false;
      pods: PodHealth[];
      /** ISO time the last pod stopped serving; undefined when no condition gives it (for example, with no pods). */
      since: string | undefined;
    };

/** Evaluates the pods of a target's Deployment, with their nodes by name and the Deployment's `spec.replicas`. */
export function evaluateTargetHealth(pods: readonly V1Pod[], nodes: ReadonlyMap<string, V1Node>, desiredReplicas = 1): TargetHealth {
  for (const pod of pods) {
    const node = pod.spec?.nodeName === undefined ? undefined : nodes.get(pod.spec.nodeName);
    if (node !== undefined && isNodeReady(node) && isPodReady(pod) && !isPodTerminating(pod)) {
      return { healthy: true, serving: { pod: pod.metadata?.name ?? '', node: node.metadata?.name ?? '' } };
    }
  }
  if (desiredReplicas === 0) return { healthy: true, serving: undefined };

  const facts = pods.map((pod) => podHealth(pod, nodes)).sort((a, b) => a.pod.localeCompare(b.pod));
  const times = facts.map((fact) => fact.since).filter((since): since is string => since !== undefined);
  const since = times.length === facts.length && times.length > 0 ? times.reduce((latest, time) => (time > latest ? time : latest)) : undefined;
  return { healthy: false, pods: facts, since };
}

/** True when an unhealthy pod of the target sits on a node that is not Ready; a failover must then be forced. */
export function hasPodOnNotReadyNode(pods: readonly PodHealth[]): boolean {
  return pods.some((pod) => pod.node !== undefined && pod.nodeReady === false);
}

/**
 * Summary of the facts that matter to people reading an alert: which pods exist, where, and
 * whether pod and node are Ready. Two checks with the same key are the same problem, so the
 * watch posts a thread reply only when the key changes.
 */
export function healthChangeKey(pods: readonly PodHealth[]): string {
  return pods.map((pod) => [pod.pod, pod.node ?? '-', pod.podReady, pod.nodeReady ?? '-', pod.terminating].join('|')).join(';');
}

function podHealth(pod: V1Pod, nodes: ReadonlyMap<string, V1Node>): PodHealth {
  const nodeName = pod.spec?.nodeName;
  const node = nodeName === undefined ? undefined : nodes.get(nodeName);
  const podReady = isPodReady(pod);
  const nodeReady = nodeName === undefined ? undefined : node !== undefined && isNodeReady(node);
  const nodeReadyCondition = node?.status?.conditions?.find((condition) => condition.type === 'Ready');

  const podConditions = (pod.status?.conditions ?? []).filter((condition) => condition.status !== 'True').map(describeCondition);
  let nodeConditions: string[] = [];
  if (nodeName !== undefined && node === undefined) nodeConditions = ['node not found'];
  else if (nodeReady === false) nodeConditions = [nodeReadyCondition === undefined ? 'Ready condition missing' : describeCondition(nodeReadyCondition)];

  // The pod stopped serving at the earliest of its own and its node's transition out of Ready.
  const candidates: Array<string | undefined> = [];
  if (nodeReady === false) candidates.push(isoOf(nodeReadyCondition?.lastTransitionTime));
  if (!podReady) {
    const readyCondition = pod.status?.conditions?.find((condition) => condition.type === 'Ready');
    candidates.push(isoOf(readyCondition?.lastTransitionTime ?? pod.metadata?.creationTimestamp));
  }
  if (isPodTerminating(pod)) candidates.push(isoOf(pod.metadata?.deletionTimestamp));
  const known = candidates.filter((time): time is string => time !== undefined);
  const since = known.length === 0 ? undefined : known.reduce((earliest, time) => (time < earliest ? time : earliest));

  return {
    pod: pod.metadata?.name ?? '',
    node: nodeName,
    podReady,
    nodeReady,
    terminating: isPodTerminating(pod),
    podConditions,
    nodeConditions,
    since,
  };
}

function describeCondition(condition: V1PodCondition | V1NodeCondition): string {
  return condition.reason ? `${condition.type}=${condition.status} (${condition.reason})` : `${condition.type}=${condition.status}`;
}

/** Normalises a Kubernetes time (a Date from client-node, or a string) to ISO, or undefined when absent or invalid. */
function isoOf(value: Date | string | undefined | null): string | undefined {
  if (value === undefined || value === null) return undefined;
  const time = value instanceof Date ? value : new Date(value);
  return Number.isNaN(time.getTime()) ? undefined : time.toISOString();
}
