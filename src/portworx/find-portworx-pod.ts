import type { CoreV1Api, V1Node, V1Pod } from '@kubernetes/client-node';
import { PxmysqlError } from '../errors.js';

/** Name of the Portworx container in a portworx pod. */
export const PORTWORX_CONTAINER = 'portworx';

/** A portworx pod that can run pxctl. */
export interface PortworxPod {
  namespace: string;
  name: string;
  nodeName: string;
  /** Container to exec in: `portworx` when the pod has it, else its first container. */
  container: string | undefined;
}

export interface FindPortworxPodOptions {
  /** Namespace of the portworx pods, usually `kube-system`. */
  namespace: string;
  /** Label selector of the portworx pods, usually `name=portworx`. */
  labelSelector: string;
  /** Nodes to stay away from, such as the node a failover leaves; used only when nothing else fits. */
  avoidNodes?: string[];
}

/**
 * Chooses a portworx pod that is Running, Ready and not being deleted, on a node that is Ready
 * and schedulable, preferring nodes outside `avoidNodes` and then the pod name in sort order.
 * Throws `portworx_pod_not_found` (retryable) when no pod qualifies.
 */
export async function findPortworxPod(
  core: Pick<CoreV1Api, 'listNamespacedPod' | 'listNode'>,
  options: FindPortworxPodOptions,
): Promise<PortworxPod> {
  const [podList, nodeList] = await Promise.all([
    core.listNamespacedPod({ namespace: options.namespace, labelSelector: options.labelSelector }),
    core.listNode(),
  ]);
  const usableNodes = new Set(nodeList.items.filter(isUsableNode).map((node) => node.metadata?.name));
  const avoided = new Set(options.avoidNodes ?? []);

  const candidates = podList.items
    .filter((pod) => isUsablePod(pod) && usableNodes.has(pod.spec?.nodeName))
    .sort((left, right) => (left.metadata?.name ?? '').localeCompare(right.metadata?.name ?? ''));
  const chosen = candidates.find((pod) => !avoided.has(pod.spec?.nodeName ?? '')) ?? candidates[0];

  if (!chosen) {
    throw new PxmysqlError(
      'portworx_pod_not_found',
      `no Running, Ready portworx pod on a Ready, schedulable node in namespace ${options.namespace} ` +
        `(selector ${options.labelSelector}; ${podList.items.length} pods matched the selector)`,
      { kind: 'retryable' },
    );
  }
  return {
    namespace: options.namespace,
    name: chosen.metadata?.name ?? '',
    nodeName: chosen.spec?.nodeName ?? '',
    container: chooseContainer(chosen),
  };
}

function isUsablePod(pod: V1Pod): boolean {
  if (pod.metadata?.deletionTimestamp !== undefined || !pod.metadata?.name || !pod.spec?.nodeName) return false;
  if (pod.status?.phase !== 'Running') return false;
  return pod.status.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false;
}

function isUsableNode(node: V1Node): boolean {
  if (node.spec?.unschedulable === true) return false;
  return node.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false;
}

function chooseContainer(pod: V1Pod): string | undefined {
  const names = (pod.spec?.containers ?? []).map((container) => container.name);
  return names.includes(PORTWORX_CONTAINER) ? PORTWORX_CONTAINER : names[0];
}
