import type { AppsV1Api, CoreV1Api, V1LabelSelector, V1Pod } from '@kubernetes/client-node';
import { PxmysqlError } from '../errors.js';
import { toKubeError } from './kube-errors.js';

/**
 * Reads a Deployment and returns its `spec.selector.matchLabels` as a label selector string
 * (`app=mysql,tier=db`). Throws `deployment_selector_unsupported` when the selector also uses
 * `matchExpressions`, because a list by labels alone would then match too many pods.
 */
export async function deploymentLabelSelector(apps: Pick<AppsV1Api, 'readNamespacedDeployment'>, namespace: string, name: string): Promise<string> {
  const deployment = await apps
    .readNamespacedDeployment({ name, namespace })
    .catch((error: unknown) => Promise.reject(toKubeError(error, `Deployment ${namespace}/${name}`)));
  const selector: V1LabelSelector | undefined = deployment.spec?.selector;
  if ((selector?.matchExpressions ?? []).length > 0) {
    throw new PxmysqlError('deployment_selector_unsupported', `Deployment ${namespace}/${name} selects pods with matchExpressions, which pxmysql does not support`, {
      kind: 'user',
    });
  }
  const labels = Object.entries(selector?.matchLabels ?? {});
  if (labels.length === 0) {
    throw new PxmysqlError('deployment_selector_unsupported', `Deployment ${namespace}/${name} has no spec.selector.matchLabels`, { kind: 'user' });
  }
  return labels.map(([key, value]) => `${key}=${value}`).join(',');
}

/** Lists the pods that match a label selector, with the list's resourceVersion for a watch. */
export async function listPods(
  core: Pick<CoreV1Api, 'listNamespacedPod'>,
  namespace: string,
  labelSelector: string,
): Promise<{ items: V1Pod[]; resourceVersion: string | undefined }> {
  const list = await core
    .listNamespacedPod({ namespace, labelSelector })
    .catch((error: unknown) => Promise.reject(toKubeError(error, `pods matching ${labelSelector} in ${namespace}`)));
  return { items: list.items, resourceVersion: list.metadata?.resourceVersion };
}
