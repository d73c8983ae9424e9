import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import type { TargetConfig } from '../src/config/targets-schema.js';
import { isPxmysqlError } from '../src/errors.js';
import { execInPod } from '../src/kube/exec.js';
import { findLatestSnapshot, type SnapshotSummary } from '../src/kube/latest-snapshot.js';
import { nodeNamesByAddress } from '../src/kube/node-addresses.js';
import { readMysqlStatus } from '../src/kube/read-mysql-status.js';
import type { MysqlStatus } from '../src/kube/mysql-status.js';
import { findPortworxPod, inspectVolume } from '../src/portworx/pxctl-runner.js';

/** Facts shown in a failover approval message: where MySQL runs now and where it can go. */
export interface FailoverPlan {
  status: MysqlStatus;
  /** Node names holding a replica of the volume (pxctl prints addresses; mapped to names). */
  replicaNodes: string[];
  replicationStatus: string | undefined;
  attachedNode: string | undefined;
  /** Replica nodes other than the current one that are Ready and schedulable. */
  candidateNodes: string[];
  latestSnapshot: SnapshotSummary | undefined;
}

/** Reads the facts for a failover plan; a fact that cannot be read is left undefined or empty. */
export async function readFailoverPlan(kubeConfig: KubeConfig, target: TargetConfig): Promise<FailoverPlan> {
  const status = await readMysqlStatus(kubeConfig, target);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const currentNode = status.pods.find((pod) => !pod.terminating)?.nodeName;

  const [volume, addresses, nodes, latestSnapshot] = await Promise.all([
    inspectTargetVolume(kubeConfig, core, target, status, currentNode),
    nodeNamesByAddress(core),
    core.listNode(),
    findLatestSnapshot(kubeConfig, target.namespace, target.pvc),
  ]);

  const replicaNodes = (volume?.replicaNodes ?? []).map((address) => addresses.get(address) ?? address);
  const usable = new Set(
    nodes.items
      .filter((node) => node.spec?.unschedulable !== true)
      .filter((node) => node.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True'))
      .map((node) => node.metadata?.name),
  );
  const attachedNode = volume?.attachedNode === undefined ? undefined : (addresses.get(volume.attachedNode) ?? volume.attachedNode);

  return {
    status,
    replicaNodes,
    replicationStatus: volume?.replicationStatus,
    attachedNode,
    candidateNodes: replicaNodes.filter((node) => node !== currentNode && usable.has(node)),
    latestSnapshot,
  };
}

async function inspectTargetVolume(kubeConfig: KubeConfig, core: CoreV1Api, target: TargetConfig, status: MysqlStatus, currentNode: string | undefined) {
  const volumeName = status.pvc.volumeName;
  if (volumeName === undefined) return undefined;
  try {
    const pod = await findPortworxPod(core, { ...target.portworx, ...(currentNode ? { avoidNodes: [currentNode] } : {}) });
    const inspected = await inspectVolume((request) => execInPod(kubeConfig, request), pod, volumeName, { timeoutMs: 30_000 });
    return inspected.summary;
  } catch (error) {
    if (isPxmysqlError(error) && error.code === 'portworx_pod_not_found') return undefined;
    throw error;
  }
}
