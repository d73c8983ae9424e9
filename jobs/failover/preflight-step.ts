import type { V1Pod } from '@kubernetes/client-node';
import { deploymentLabelSelector, listPods } from '../../src/kube/deployment-pods.js';
import { findBlockingDisruptionBudgets } from '../../src/kube/disruption-budgets.js';
import { toKubeError } from '../../src/kube/kube-errors.js';
import { isNodeCordoned, isNodeReady, isPodReady, isPodTerminating } from '../../src/kube/node-state.js';
import type { Step } from '../../src/runtime/step-runner.js';
import { outputMessages } from '../../src/slack/blocks/output-messages.js';
import { inlineCode } from '../../src/slack/user-text.js';
import type { FailoverRuntime } from './failover-context.js';
import type { FailoverState, PodPlacement } from './failover-data.js';
import { failoverError } from './failover-errors.js';
import { inspectVolumeAwayFrom } from './volume-inspection.js';

/** Default MySQL port when the container declares none. */
const MYSQL_PORT = 3306;

/**
 * Checks that the failover can run and records what later steps act on. It reads only, so a
 * resumed job may run it again. Throws a user error naming the first problem found.
 */
export function preflightStep(runtime: FailoverRuntime): Step<FailoverState> {
  return {
    name: 'preflight',
    run: async () => {
      const { target } = runtime.context;
      const force = runtime.data.force;
      const labelSelector = await deploymentLabelSelector(runtime.apps, target.namespace, target.deployment);
      const pods = (await listPods(runtime.core, target.namespace, labelSelector)).items;
      const nodes = await runtime.core.listNode().catch((error: unknown) => Promise.reject(toKubeError(error, 'nodes')));
      const readyNodes = new Set(nodes.items.filter(isNodeReady).map((node) => node.metadata?.name ?? ''));
      const pod = force ? chooseStuckPod(pods, readyNodes, runtime) : choosePod(pods, runtime);
      const oldPod = placementOf(pod);
      const nodeReady = readyNodes.has(oldPod.nodeName);
      if (!force && !nodeReady) throw failoverError('failover_node_not_ready', 'failover.refused.nodeNotReady', { node: oldPod.nodeName, pod: oldPod.name });
      if (!force && !isPodReady(pod)) throw failoverError('failover_pod_not_ready', 'failover.refused.podNotReady', { pod: oldPod.name });

      const volumeName = await boundVolumeName(runtime);
      const inspection = await inspectVolumeAwayFrom(runtime, volumeName, [oldPod.nodeName]);
      const replication = inspection.summary.replicationStatus ?? 'unknown';
      const accepted = force ? ['Up', 'Degraded'] : ['Up'];
      if (!accepted.includes(replication)) {
        const key = force ? 'failover.refused.replicationForced' : 'failover.refused.replication';
        throw failoverError('failover_replication_not_up', key, { volume: volumeName, status: replication });
      }

      await requireTargetNode(runtime, inspection.replicaNodes, oldPod.nodeName);
      // A pod on a node that stopped reporting serves no clients, so deleting it disrupts nothing.
      const blocking = force && !nodeReady ? [] : await findBlockingDisruptionBudgets(runtime.policy, runtime.core, pod);
      if (blocking.length > 0) {
        const budgets = blocking.map((budget) => `${budget.name} (disruptionsAllowed ${budget.disruptionsAllowed})`).join(', ');
        throw failoverError('failover_disruption_budget', 'failover.refused.disruptionBudget', { pod: oldPod.name, budgets });
      }

      runtime.context.logger.info({ pod: oldPod.name, node: oldPod.nodeName, volume: volumeName, replication, force }, 'failover preflight passed');
      if (force) runtime.say('failover.preflight.forced', { pod: oldPod.name, node: oldPod.nodeName, nodeReady: runtime.text(nodeReady ? 'common.yes' : 'common.no') });
      runtime.say('failover.preflight.passed', {
        pod: oldPod.name,
        node: oldPod.nodeName,
        volume: volumeName,
        replication,
        replicaNodes: inlineList(inspection.replicaNodes),
      });
      for (const message of outputMessages(runtime.text('failover.preflight.inspectHeading'), inspection.output)) runtime.reply(message);

      return {
        labelSelector,
        oldPod,
        oldNodeReady: nodeReady,
        mysqlPort: mysqlPortOf(pod),
        volumeName,
        replicaNodes: inspection.replicaNodes,
        replicationStatus: replication,
      };
    },
  };
}

/**
 * Returns the one pod of a forced failover: the pod on a NotReady node, whether it is still
 * Running there or stuck Terminating. A replacement that Kubernetes already started on a Ready node
 * is never chosen, and a forced failover with no pod on a NotReady node is refused: force-deleting
 * a pod whose node still runs it would let two servers write one volume.
 */
function chooseStuckPod(pods: V1Pod[], readyNodes: ReadonlySet<string>, runtime: FailoverRuntime): V1Pod {
  const stuck = pods.filter((pod) => pod.spec?.nodeName !== undefined && !readyNodes.has(pod.spec.nodeName));
  const [only] = stuck;
  if (only === undefined) {
    throw failoverError('failover_force_without_down_node', 'failover.refused.forceNodeReady', { deployment: runtime.context.target.deployment });
  }
  if (stuck.length > 1) {
    const names = stuck.map((pod) => pod.metadata?.name ?? '').join(', ');
    throw failoverError('failover_many_pods', 'failover.refused.manyPods', { deployment: runtime.context.target.deployment, count: stuck.length, pods: names });
  }
  return only;
}

/** Returns the one pod to move: the only pod not being deleted. */
function choosePod(pods: V1Pod[], runtime: FailoverRuntime): V1Pod {
  const deployment = runtime.context.target.deployment;
  const candidates = pods.filter((pod) => !isPodTerminating(pod));
  const [only] = candidates;
  if (candidates.length === 0 || only === undefined) throw failoverError('failover_pod_not_found', 'failover.refused.noPod', { deployment });
  if (candidates.length > 1) {
    const names = candidates.map((pod) => pod.metadata?.name ?? '').join(', ');
    throw failoverError('failover_many_pods', 'failover.refused.manyPods', { deployment, count: candidates.length, pods: names });
  }
  if (!only.spec?.nodeName) throw failoverError('failover_pod_not_scheduled', 'failover.refused.podNotScheduled', { pod: only.metadata?.name ?? '' });
  return only;
}

function placementOf(pod: V1Pod): PodPlacement {
  return { name: pod.metadata?.name ?? '', uid: pod.metadata?.uid ?? '', nodeName: pod.spec?.nodeName ?? '', ip: pod.status?.podIP };
}

async function boundVolumeName(runtime: FailoverRuntime): Promise<string> {
  const { namespace, pvc } = runtime.context.target;
  const claim = await runtime.core
    .readNamespacedPersistentVolumeClaim({ name: pvc, namespace })
    .catch((error: unknown) => Promise.reject(toKubeError(error, `PVC ${namespace}/${pvc}`)));
  const volumeName = claim.spec?.volumeName;
  if (volumeName === undefined || claim.status?.phase !== 'Bound') throw failoverError('failover_volume_not_bound', 'failover.refused.volumeNotBound', { pvc });
  return volumeName;
}

/** Requires a replica node other than the old node that is Ready and not cordoned. */
async function requireTargetNode(runtime: FailoverRuntime, replicaNodes: string[], oldNode: string): Promise<void> {
  const nodes = await runtime.core.listNode().catch((error: unknown) => Promise.reject(toKubeError(error, 'nodes')));
  const byName = new Map(nodes.items.map((node) => [node.metadata?.name ?? '', node]));
  const others = replicaNodes.filter((name) => name !== oldNode);
  const usable = others.filter((name) => {
    const node = byName.get(name);
    return node !== undefined && isNodeReady(node) && !isNodeCordoned(node);
  });
  if (usable.length > 0) return;

  const states = others.map((name) => {
    const node = byName.get(name);
    if (node === undefined) return `${name}: not a Kubernetes node`;
    return `${name}: ${isNodeReady(node) ? 'Ready' : 'NotReady'}${isNodeCordoned(node) ? ', cordoned' : ''}`;
  });
  throw failoverError('failover_no_target_node', 'failover.refused.noTargetNode', { nodes: states.join('; ') || 'none' });
}

function mysqlPortOf(pod: V1Pod): number {
  const ports = (pod.spec?.containers ?? []).flatMap((container) => container.ports ?? []);
  const named = ports.find((port) => port.name === 'mysql') ?? ports.find((port) => port.containerPort === MYSQL_PORT) ?? ports[0];
  return named?.containerPort ?? MYSQL_PORT;
}

function inlineList(values: string[]) {
  return inlineCode(values.join(', ') || '-');
}
