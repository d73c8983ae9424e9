import type { KubeObject } from '../apiserver/kube-object.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';
import { ProvisioningError } from './portworx-volumes.js';
import type { SnapshotSource } from './provision-plan.js';
import { CSI_SNAPSHOT_GROUP, RESOURCES, STORK_SNAPSHOT_ANNOTATION } from './storage-names.js';
import { quantityBytes } from './storage-quantity.js';

/** Returns the claim's `spec.dataSource` (or `spec.dataSourceRef`) when it names a CSI VolumeSnapshot. */
export function csiSnapshotDataSource(claim: KubeObject): { name: string } | undefined {
  const source = claim.spec?.dataSource ?? claim.spec?.dataSourceRef;
  if (!source || source.kind !== 'VolumeSnapshot' || source.apiGroup !== CSI_SNAPSHOT_GROUP) return undefined;
  return { name: String(source.name) };
}

/**
 * Resolves the Portworx snapshot volume behind a CSI VolumeSnapshot in the claim's namespace.
 * Throws a ProvisioningError while the snapshot is missing or not ready, so the claim stays
 * Pending and the next run tries again.
 */
export function resolveCsiSnapshot(runtime: LabRuntime, claim: KubeObject, snapshotName: string): SnapshotSource {
  const namespace = String(claim.metadata.namespace);
  const description = `${namespace}/${snapshotName}`;
  const snapshot = runtime.store.find(RESOURCES.csiSnapshots, namespace, snapshotName);
  if (!snapshot) throw new ProvisioningError(`VolumeSnapshot ${description} not found: create it first or fix spec.dataSource.name`);
  if (snapshot.status?.readyToUse !== true) throw new ProvisioningError(`VolumeSnapshot ${description} is not ready to use yet`);

  const contentName = snapshot.status.boundVolumeSnapshotContentName;
  const content = contentName ? runtime.store.find(RESOURCES.csiSnapshotContents, undefined, String(contentName)) : undefined;
  const handle = content?.status?.snapshotHandle;
  const volume = handle === undefined ? undefined : runtime.portworx.volumes.get(String(handle));
  if (!volume) throw new ProvisioningError(`VolumeSnapshot ${description} has no Portworx snapshot volume (content ${String(contentName)}, handle ${String(handle)})`);

  return { volume, restoreSizeBytes: quantityBytes(snapshot.status.restoreSize) ?? volume.sizeBytes, description };
}

/**
 * Resolves the Portworx snapshot volume of the STORK VolumeSnapshot that the claim's
 * `snapshot.alpha.kubernetes.io/snapshot` annotation names, through its VolumeSnapshotData.
 */
export function resolveStorkSnapshot(runtime: LabRuntime, claim: KubeObject): SnapshotSource {
  const namespace = String(claim.metadata.namespace);
  const snapshotName = claim.metadata.annotations?.[STORK_SNAPSHOT_ANNOTATION];
  if (!snapshotName) {
    throw new ProvisioningError(`a PVC on a STORK snapshot class needs the annotation ${STORK_SNAPSHOT_ANNOTATION} naming a VolumeSnapshot in namespace ${namespace}`);
  }
  const description = `${namespace}/${snapshotName}`;
  const snapshot = runtime.store.find(RESOURCES.storkSnapshots, namespace, String(snapshotName));
  if (!snapshot) throw new ProvisioningError(`STORK VolumeSnapshot ${description} not found: check the ${STORK_SNAPSHOT_ANNOTATION} annotation`);
  const ready = (snapshot.status?.conditions ?? []).some((condition: KubeObject) => condition.type === 'Ready' && condition.status === 'True');
  const dataName = snapshot.spec?.snapshotDataName;
  if (!ready || !dataName) throw new ProvisioningError(`STORK VolumeSnapshot ${description} is not ready yet`);

  const data = runtime.store.find(RESOURCES.storkSnapshotData, undefined, String(dataName));
  const snapshotId = data?.spec?.portworxVolume?.snapshotId;
  const volume = snapshotId === undefined ? undefined : runtime.portworx.volumes.get(String(snapshotId));
  if (!volume) throw new ProvisioningError(`STORK VolumeSnapshot ${description} has no Portworx snapshot volume (VolumeSnapshotData ${String(dataName)})`);

  return { volume, restoreSizeBytes: volume.sizeBytes, description };
}
