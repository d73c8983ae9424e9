import type { KubeObject } from '../apiserver/kube-object.js';
import type { PortworxVolume } from '../portworx/cluster-state.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';
import { startControllerLoop, type RunningController } from './controller-loop.js';
import { recordEvent } from './event-recorder.js';
import { nodeFailureReason, unschedulableMessage } from './node-filters.js';
import { resolvePodClaims } from './pod-claims.js';
import { isPodActive, withCondition } from './pod-state.js';
import { STORK_SCHEDULER, isPortworxOnline, portworxVolumesOf, replicaNodeNames, replicaScore } from './stork-placement.js';

const SCHEDULERS = new Set(['', 'default-scheduler', STORK_SCHEDULER]);
/** Minimum time between two FailedScheduling events with the same message for one pod (the scheduler's maximum backoff). */
const FAILURE_EVENT_INTERVAL_MS = 10_000;

type Decision = { node: string; fallbackMessage?: string } | { failure: string };

/**
 * Starts the scheduler: it binds pending pods of `default-scheduler` and of STORK to a node that
 * passes the filters. STORK pods go to a node holding a replica of their Portworx volumes when
 * one is usable, and else to any usable node, as STORK does by default.
 */
export function startScheduler(runtime: LabRuntime): RunningController {
  const lastFailures = new Map<string, { message: string; at: number }>();
  return startControllerLoop(runtime, {
    name: 'scheduler',
    resources: ['pods', 'nodes', 'persistentvolumeclaims', 'persistentvolumes'],
    reconcile: () => scheduleAll(runtime, lastFailures),
  });
}

function scheduleAll(runtime: LabRuntime, lastFailures: Map<string, { message: string; at: number }>): void {
  const pods = runtime.store.list('pods').items;
  const pending = pods
    .filter((pod) => !pod.spec?.nodeName && isPodActive(pod) && SCHEDULERS.has(String(pod.spec?.schedulerName ?? '')))
    .sort((a, b) => String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp)));
  const pendingUids = new Set(pending.map((pod) => String(pod.metadata.uid)));
  for (const uid of lastFailures.keys()) if (!pendingUids.has(uid)) lastFailures.delete(uid);
  if (pending.length === 0) return;

  const nodes = runtime.store.list('nodes').items;
  const podsPerNode = new Map<string, number>();
  for (const pod of pods) {
    if (pod.spec?.nodeName && isPodActive(pod)) podsPerNode.set(pod.spec.nodeName, (podsPerNode.get(pod.spec.nodeName) ?? 0) + 1);
  }

  for (const pod of pending) {
    const decision = decide(runtime, pod, nodes, podsPerNode);
    if ('failure' in decision) {
      reportFailure(runtime, pod, decision.failure, lastFailures);
      continue;
    }
    bind(runtime, pod, decision);
    podsPerNode.set(decision.node, (podsPerNode.get(decision.node) ?? 0) + 1);
  }
}

function decide(runtime: LabRuntime, pod: KubeObject, nodes: KubeObject[], podsPerNode: Map<string, number>): Decision {
  const claims = resolvePodClaims(runtime, pod);
  const [missing] = claims.missing;
  if (missing !== undefined) return { failure: `0/${nodes.length} nodes are available: persistentvolumeclaim "${missing}" not found.` };
  // NOTE: every unbound claim waits here, because the lab scheduler does not bind WaitForFirstConsumer claims.
  if (claims.unbound.length > 0) return { failure: `0/${nodes.length} nodes are available: pod has unbound immediate PersistentVolumeClaims.` };

  const volumes = pod.spec?.schedulerName === STORK_SCHEDULER ? portworxVolumesOf(runtime, claims.volumes) : [];
  const usesPortworx = volumes.length > 0;
  const reasons: string[] = [];
  const feasible: string[] = [];
  for (const node of nodes) {
    const name = String(node.metadata.name);
    const reason = nodeFailureReason(pod, node, usesPortworx ? isPortworxOnline(runtime, name) : undefined);
    if (reason) reasons.push(reason);
    else feasible.push(name);
  }

  if (feasible.length === 0) {
    const noReplica = usesPortworx ? ` ${noReplicaNodeText(runtime, volumes)}` : '';
    return { failure: `${unschedulableMessage(nodes.length, reasons)}${noReplica}` };
  }
  const ranked = feasible.sort(
    (a, b) => replicaScore(runtime, volumes, b) - replicaScore(runtime, volumes, a) || (podsPerNode.get(a) ?? 0) - (podsPerNode.get(b) ?? 0) || a.localeCompare(b),
  );
  const node = ranked[0] as string;
  if (!usesPortworx || replicaScore(runtime, volumes, node) > 0) return { node };
  return { node, fallbackMessage: `${noReplicaNodeText(runtime, volumes)} STORK falls back to node ${node}, which has no local replica.` };
}

function noReplicaNodeText(runtime: LabRuntime, volumes: PortworxVolume[]): string {
  const described = volumes.map((volume) => `${volume.name} (replicas on ${replicaNodeNames(runtime, volume).join(', ') || 'no node'})`);
  return `No online, schedulable node has a replica of volume ${described.join(', ')}.`;
}

function bind(runtime: LabRuntime, pod: KubeObject, decision: { node: string; fallbackMessage?: string }): void {
  const component = String(pod.spec?.schedulerName || 'default-scheduler');
  if (decision.fallbackMessage) {
    recordEvent(runtime, { involvedObject: pod, type: 'Warning', reason: 'NoReplicaNodeAvailable', message: decision.fallbackMessage, component });
  }
  const bound = runtime.store.update('pods', { ...pod, spec: { ...pod.spec, nodeName: decision.node } });
  const conditions = withCondition(bound.status?.conditions, { type: 'PodScheduled', status: 'True', lastProbeTime: null }, runtime.now());
  runtime.store.updateStatus('pods', { ...bound, status: { ...bound.status, conditions } });
  recordEvent(runtime, {
    involvedObject: bound,
    type: 'Normal',
    reason: 'Scheduled',
    message: `Successfully assigned ${String(pod.metadata.namespace)}/${String(pod.metadata.name)} to ${decision.node}`,
    component,
  });
  runtime.logger.info({ namespace: pod.metadata.namespace, pod: pod.metadata.name, node: decision.node }, 'pod scheduled');
}

function reportFailure(runtime: LabRuntime, pod: KubeObject, message: string, lastFailures: Map<string, { message: string; at: number }>): void {
  const conditions = withCondition(pod.status?.conditions, { type: 'PodScheduled', status: 'False', lastProbeTime: null, reason: 'Unschedulable', message }, runtime.now());
  runtime.store.updateStatus('pods', { ...pod, status: { ...pod.status, conditions } });

  const now = runtime.now().getTime();
  const last = lastFailures.get(String(pod.metadata.uid));
  if (last && last.message === message && now - last.at < FAILURE_EVENT_INTERVAL_MS) return;
  lastFailures.set(String(pod.metadata.uid), { message, at: now });
  recordEvent(runtime, { involvedObject: pod, type: 'Warning', reason: 'FailedScheduling', message, component: String(pod.spec?.schedulerName || 'default-scheduler') });
}
