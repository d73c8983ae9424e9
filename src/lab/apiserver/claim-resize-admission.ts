import { forbidden, type ApiError } from './api-error.js';
import type { KubeObject } from './kube-object.js';
import { parseQuantity } from './quantity.js';

/** Beta annotation that older claims use in place of `spec.storageClassName`. */
const STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';

/**
 * Admits an update of a PersistentVolumeClaim as the `PersistentVolumeClaimResize` admission plugin
 * does: growing `spec.resources.requests.storage` needs a bound claim whose StorageClass, unchanged
 * by the update, sets `allowVolumeExpansion: true`. Returns a 403 ApiError or undefined. Validation
 * runs first, so a shrink or a resize of an unbound claim is already rejected with 422.
 */
export function admitClaimResize(previous: KubeObject, next: KubeObject, findStorageClass: (name: string) => KubeObject | undefined): ApiError | undefined {
  const before = previous.spec?.resources?.requests?.storage;
  const after = next.spec?.resources?.requests?.storage;
  if (before === undefined || after === undefined || parseQuantity(String(after)) <= parseQuantity(String(before))) return undefined;

  const subject = { qualifiedResource: 'persistentvolumeclaims', group: '', plural: 'persistentvolumeclaims', name: String(next.metadata?.name ?? '') };
  if (previous.status?.phase !== 'Bound') return forbidden(subject, 'Only bound persistent volume claims can be expanded');

  const className = storageClassNameOf(next);
  const previousClassName = storageClassNameOf(previous);
  const storageClass = className === '' || className !== previousClassName ? undefined : findStorageClass(className);
  if (storageClass?.allowVolumeExpansion !== true) {
    return forbidden(subject, 'only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize');
  }
  return undefined;
}

function storageClassNameOf(claim: KubeObject): string {
  const fromAnnotation = claim.metadata?.annotations?.[STORAGE_CLASS_ANNOTATION];
  if (typeof fromAnnotation === 'string') return fromAnnotation;
  return typeof claim.spec?.storageClassName === 'string' ? claim.spec.storageClassName : '';
}
