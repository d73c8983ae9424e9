import { ApiException, PatchStrategy, setHeaderOptions, type CoreV1Api, type V1PersistentVolumeClaim } from '@kubernetes/client-node';
import { PxmysqlError } from '../errors.js';
import { toKubeError } from './kube-errors.js';

/**
 * Sets `spec.resources.requests.storage` of a PVC with a merge patch and returns the updated PVC.
 * An admission rejection (403, such as a StorageClass without `allowVolumeExpansion`) or a
 * validation rejection (422, such as a shrink) throws `kube_patch_rejected` with the API's own
 * message, which is safe to show; other failures throw as `toKubeError` describes them.
 */
export async function patchPvcStorageRequest(
  core: Pick<CoreV1Api, 'patchNamespacedPersistentVolumeClaim'>,
  namespace: string,
  name: string,
  quantity: string,
): Promise<V1PersistentVolumeClaim> {
  const body = { spec: { resources: { requests: { storage: quantity } } } };
  const what = `patch PVC ${namespace}/${name} to request ${quantity}`;
  try {
    return await core.patchNamespacedPersistentVolumeClaim({ name, namespace, body }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
  } catch (error) {
    if (error instanceof ApiException && (error.code === 403 || error.code === 422)) {
      const reason = statusMessage(error.body) ?? `HTTP ${error.code}`;
      throw new PxmysqlError('kube_patch_rejected', `${what}: Kubernetes API returned ${error.code}: ${reason}`, {
        kind: 'permanent',
        cause: error,
        messageParams: { status: error.code, reason },
      });
    }
    throw toKubeError(error, what);
  }
}

/** Returns `message` of a Kubernetes Status body, which names the object and the rule that failed. */
function statusMessage(body: unknown): string | undefined {
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = JSON.parse(body);
    } catch {
      return undefined;
    }
  }
  const message = (parsed as { message?: unknown } | null)?.message;
  return typeof message === 'string' && message !== '' ? message : undefined;
}
