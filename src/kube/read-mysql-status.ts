import { AppsV1Api, CoreV1Api, type KubeConfig, type V1Node, type V1Pod } from '@kubernetes/client-node';
import type { TargetConfig } from '../config/targets-schema.js';
import { toKubeError } from './kube-errors.js';
import type { MysqlStatus, NodeSummary, PodSummary } from './mysql-status.js';

/** Reads the target's Deployment, its pods, their nodes and the PVC. */
export async function readMysqlStatus(kubeConfig: KubeConfig, target: TargetConfig): Promise<MysqlStatus> {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const namespace = target.namespace;

  const deployment = await apps
    .readNamespacedDeployment({ name: target.deployment, namespace })
    .catch((error: unknown) => Promise.reject(toKubeError(error, `Deployment ${namespace}/${target.deployment}`)));
  const labelSelector = Object.entries(deployment.spec?.selector.matchLabels ?? {})
    .map(([key, value]) => `${key}=${value}`)
    .join(',');

  const [podList, pvc] = await Promise.all([
    core
      .listNamespacedPod({ namespace, labelSelector })
      .catch((error: unknown) => Promise.reject(toKubeError(error, `pods of Deployment ${namespace}/${target.deployment}`))),
    core
      .readNamespacedPersistentVolumeClaim({ name: target.pvc, namespace })
      .catch((error: unknown) => Promise.reject(toKubeError(error, `PVC ${namespace}/${target.pvc}`))),
  ]);

  const pods = podList.items.map(summarizePod).sort((a, b) => a.name.localeCompare(b.name));
  const nodeNames = [...new Set(pods.map((pod) => pod.nodeName).filter((name): name is string => name !== undefined))];
  const nodes = await Promise.all(
    nodeNames.map((name) =>
      core
        .readNode({ name })
        .then(summarizeNode)
        .catch((error: unknown) => Promise.reject(toKubeError(error, `node ${name}`))),
    ),
  );

  return {
    namespace,
    deployment: {
      name: target.deployment,
      replicas: deployment.spec?.replicas ?? 0,
      readyReplicas: deployment.status?.readyReplicas ?? 0,
      updatedReplicas: deployment.status?.updatedReplicas ?? 0,
    },
    pods,
    nodes,
    pvc: {
      name: target.pvc,
      phase: pvc.status?.phase ?? 'Unknown',
      requested: pvc.spec?.resources?.requests?.storage,
      capacity: pvc.status?.capacity?.storage,
      storageClass: pvc.spec?.storageClassName ?? pvc.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'],
      volumeName: pvc.spec?.volumeName,
    },
  };
}

function summarizePod(pod: V1Pod): PodSummary {
  const containers = pod.status?.containerStatuses ?? [];
  return {
    name: pod.metadata?.name ?? '',
    uid: pod.metadata?.uid ?? '',
    phase: pod.status?.phase ?? 'Unknown',
    ready: pod.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false,
    restarts: containers.reduce((sum, container) => sum + (container.restartCount ?? 0), 0),
    nodeName: pod.spec?.nodeName,
    ip: pod.status?.podIP,
    terminating: pod.metadata?.deletionTimestamp !== undefined,
  };
}

function summarizeNode(node: V1Node): NodeSummary {
  return {
    name: node.metadata?.name ?? '',
    ready: node.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false,
    cordoned: node.spec?.unschedulable === true,
  };
}
