import type { KubeObject } from '../apiserver/kube-object.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';
import { startControllerLoop, type RunningController } from './controller-loop.js';
import { recordEvent } from './event-recorder.js';
import { NODE_STATUS_UNKNOWN, healthyConditions, unknownConditions, withTaints, withoutTaints } from './node-conditions.js';
import { evictionTime } from './pod-eviction.js';
import { conditionOf, isPodActive, withCondition } from './pod-state.js';
import { UNREACHABLE_TAINT, UNSCHEDULABLE_TAINT } from './taints.js';

const NODE_COMPONENT = 'node-controller';
const EVICTION_COMPONENT = 'taint-eviction-controller';

/**
 * Starts the node lifecycle controller for the nodes in `runtime.nodes`. A node that goes down
 * has its Portworx node set offline at once. After `timing.nodeMonitorGracePeriodMs` its
 * kubelet conditions turn Unknown, it gets the `node.kubernetes.io/unreachable` NoSchedule and
 * NoExecute taints, and its pods lose their Ready condition. After `timing.podEvictionTimeoutMs`
 * of NoExecute taint, the pods that do not tolerate it are deleted gracefully. They stay
 * Terminating because no kubelet runs there. A node that comes back is Ready and untainted again.
 * A cordoned node (`spec.unschedulable`) carries the `node.kubernetes.io/unschedulable` taint.
 * Every time decision uses `runtime.now()`.
 */
export function startNodeLifecycleController(runtime: LabRuntime): RunningController {
  const downSince = new Map<string, number>();
  const noteChange = (node: string, down: boolean): void => {
    if (down) downSince.set(node, runtime.now().getTime());
    else downSince.delete(node);
    const portworxNode = runtime.portworx.nodeByName(node);
    if (portworxNode) portworxNode.online = !down;
    runtime.logger.info({ node, down }, down ? 'node went down; its Portworx node is offline' : 'node came back; its Portworx node is online');
  };
  for (const node of runtime.nodes.downNodes()) noteChange(node, true);

  return startControllerLoop(runtime, {
    name: NODE_COMPONENT,
    resources: ['nodes'],
    sources: [
      (trigger) =>
        runtime.nodes.onChange((node, down) => {
          noteChange(node, down);
          trigger();
        }),
    ],
    reconcile: () => {
      for (const node of runtime.store.list('nodes').items) syncNode(runtime, node, downSince);
    },
  });
}

function syncNode(runtime: LabRuntime, stored: KubeObject, downSince: Map<string, number>): void {
  const name = String(stored.metadata.name);
  const now = runtime.now();
  const node = syncCordonTaint(runtime, stored, now);

  if (!runtime.nodes.isDown(name)) {
    if (isUnreachable(node)) markReachable(runtime, node, now);
    return;
  }
  if (!downSince.has(name)) downSince.set(name, now.getTime());
  if (now.getTime() - (downSince.get(name) ?? 0) < runtime.timing.nodeMonitorGracePeriodMs) return;

  const unreachable = isUnreachable(node) ? node : markUnreachable(runtime, node, now);
  const pods = runtime.store.list('pods', { fieldSelector: `spec.nodeName=${name}` }).items.filter(isPodActive);
  for (const pod of pods) markPodNotReady(runtime, pod, now);
  evictPods(runtime, unreachable, pods, now);
}

function isUnreachable(node: KubeObject): boolean {
  const ready = conditionOf(node, 'Ready');
  const tainted = (node.spec?.taints ?? []).some((taint: KubeObject) => taint.key === UNREACHABLE_TAINT);
  return tainted || (ready?.status === 'Unknown' && ready.reason === NODE_STATUS_UNKNOWN);
}

/** Adds or removes the `node.kubernetes.io/unschedulable:NoSchedule` taint to follow `spec.unschedulable`. */
function syncCordonTaint(runtime: LabRuntime, node: KubeObject, now: Date): KubeObject {
  const cordoned = node.spec?.unschedulable === true;
  const taints = cordoned ? withTaints(node.spec?.taints, UNSCHEDULABLE_TAINT, ['NoSchedule'], now) : withoutTaints(node.spec?.taints, UNSCHEDULABLE_TAINT);
  return runtime.store.update('nodes', { ...node, spec: specWithTaints(node.spec, taints) });
}

function markUnreachable(runtime: LabRuntime, node: KubeObject, now: Date): KubeObject {
  const tainted = runtime.store.update('nodes', { ...node, spec: specWithTaints(node.spec, withTaints(node.spec?.taints, UNREACHABLE_TAINT, ['NoSchedule', 'NoExecute'], now)) });
  const updated = runtime.store.updateStatus('nodes', { ...tainted, status: { ...tainted.status, conditions: unknownConditions(tainted.status?.conditions ?? [], now) } });
  recordEvent(runtime, { involvedObject: updated, type: 'Normal', reason: 'NodeNotReady', message: `Node ${String(node.metadata.name)} status is now: NodeNotReady`, component: NODE_COMPONENT });
  runtime.logger.info({ node: node.metadata.name }, 'node is NotReady: conditions Unknown, unreachable taints added');
  return updated;
}

function markReachable(runtime: LabRuntime, node: KubeObject, now: Date): void {
  const untainted = runtime.store.update('nodes', { ...node, spec: specWithTaints(node.spec, withoutTaints(node.spec?.taints, UNREACHABLE_TAINT)) });
  const updated = runtime.store.updateStatus('nodes', { ...untainted, status: { ...untainted.status, conditions: healthyConditions(untainted.status?.conditions ?? [], now) } });
  const name = String(node.metadata.name);
  recordEvent(runtime, { involvedObject: updated, type: 'Normal', reason: 'NodeReady', message: `Node ${name} status is now: NodeReady`, component: 'kubelet', host: name });
  runtime.logger.info({ node: name }, 'node is Ready again: unreachable taints removed');
}

function markPodNotReady(runtime: LabRuntime, pod: KubeObject, now: Date): void {
  if (conditionOf(pod, 'Ready')?.status === 'False') return;
  const ready = conditionOf(pod, 'Ready') ?? { type: 'Ready', lastProbeTime: null };
  const conditions = withCondition(pod.status?.conditions, { ...ready, status: 'False' }, now);
  const updated = runtime.store.updateStatus('pods', { ...pod, status: { ...pod.status, conditions } });
  recordEvent(runtime, { involvedObject: updated, type: 'Warning', reason: 'NodeNotReady', message: 'Node is not ready', component: NODE_COMPONENT });
}

function evictPods(runtime: LabRuntime, node: KubeObject, pods: KubeObject[], now: Date): void {
  const taint = (node.spec?.taints ?? []).find((candidate: KubeObject) => candidate.key === UNREACHABLE_TAINT && candidate.effect === 'NoExecute');
  if (!taint) return;
  for (const pod of pods) {
    const evictAt = evictionTime(pod, taint, runtime.timing.podEvictionTimeoutMs);
    if (evictAt === undefined || evictAt > now.getTime()) continue;
    const current = runtime.store.find('pods', pod.metadata.namespace, pod.metadata.name);
    if (!current || current.metadata.deletionTimestamp) continue;
    recordEvent(runtime, {
      involvedObject: current,
      type: 'Normal',
      reason: 'TaintManagerEviction',
      message: `Marking for deletion Pod ${String(pod.metadata.namespace)}/${String(pod.metadata.name)}`,
      component: EVICTION_COMPONENT,
    });
    runtime.store.delete('pods', pod.metadata.namespace, pod.metadata.name, { preconditions: { uid: String(pod.metadata.uid) } });
    runtime.logger.info({ node: node.metadata.name, namespace: pod.metadata.namespace, pod: pod.metadata.name }, 'evicted a pod from an unreachable node');
  }
}

/** Returns the node spec with `taints`, leaving the field out when there is none. */
function specWithTaints(spec: KubeObject | undefined, taints: KubeObject[]): KubeObject {
  const next: KubeObject = { ...spec };
  if (taints.length > 0) next.taints = taints;
  else delete next.taints;
  return next;
}
