import { CoreV1Api, type KubeConfig, type V1PersistentVolumeClaim } from '@kubernetes/client-node';
import { toKubeError } from '../../src/kube/kube-errors.js';
import { STORK_SNAPSHOT_ANNOTATION } from '../restore/clone-steps.js';

/**
 * Returns the names of the VolumeSnapshots that a PVC in `namespace` is still being restored from:
 * a PVC that is not Bound yet, whose CSI `dataSource` or STORK annotation names the snapshot. A
 * restore or drill clone fails if its snapshot is deleted before the volume exists.
 */
export async function snapshotsInUse(kubeConfig: KubeConfig, namespace: string): Promise<Set<string>> {
  let claims: V1PersistentVolumeClaim[];
  try {
    claims = (await kubeConfig.makeApiClient(CoreV1Api).listNamespacedPersistentVolumeClaim({ namespace })).items;
  } catch (error) {
    throw toKubeError(error, `listing the PVCs of namespace ${namespace}`);
  }
  const inUse = new Set<string>();
  for (const claim of claims) {
    if (claim.status?.phase === 'Bound') continue;
    const dataSource = claim.spec?.dataSource;
    if (dataSource?.kind === 'VolumeSnapshot' && dataSource.name) inUse.add(dataSource.name);
    const storkSource = claim.metadata?.annotations?.[STORK_SNAPSHOT_ANNOTATION];
    if (storkSource) inUse.add(storkSource);
  }
  return inUse;
}
