import type { KubeObject } from '../apiserver/kube-object.js';
import type { PortworxVolume } from '../portworx/cluster-state.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';
import { portworxVolumeIdOf } from './persistent-volume.js';
import { CSI_DRIVER, RESOURCES } from './storage-names.js';

/** Annotation that marks the VolumeSnapshotClass used when a VolumeSnapshot names none. */
const DEFAULT_CLASS_ANNOTATION = 'snapshot.storage.kubernetes.io/is-default-class';

/** Raised when a VolumeSnapshot cannot be cut yet. Its message goes to `status.error.message`. */
export class SnapshotError extends Error {
  override name = 'SnapshotError';
}

export interface CsiSnapshotSource {
  snapshotClass: KubeObject;
  claim: KubeObject;
  volume: PortworxVolume;
}

/**
 * Resolves what a dynamic CSI VolumeSnapshot needs: its Portworx VolumeSnapshotClass (named, or
 * the default one for pxd.portworx.com), the bound source claim and that claim's Portworx volume.
 * Throws a SnapshotError naming the missing piece.
 */
export function resolveCsiSnapshotSource(runtime: LabRuntime, snapshot: KubeObject): CsiSnapshotSource {
  const snapshotClass = resolveSnapshotClass(runtime, snapshot);
  if (snapshotClass.driver !== CSI_DRIVER) {
    throw new SnapshotError(`VolumeSnapshotClass ${snapshotClass.metadata.name} uses driver ${String(snapshotClass.driver)}, but only ${CSI_DRIVER} snapshots are served in this cluster`);
  }

  const namespace = String(snapshot.metadata.namespace);
  const claimName = snapshot.spec?.source?.persistentVolumeClaimName;
  if (!claimName) throw new SnapshotError('spec.source.persistentVolumeClaimName is required for a dynamically created snapshot');
  const claim = runtime.store.find(RESOURCES.claims, namespace, String(claimName));
  if (!claim) throw new SnapshotError(`PersistentVolumeClaim ${namespace}/${claimName} not found`);
  if (claim.status?.phase !== 'Bound' || !claim.spec?.volumeName) throw new SnapshotError(`PersistentVolumeClaim ${namespace}/${claimName} is not bound yet`);

  const persistentVolume = runtime.store.find(RESOURCES.volumes, undefined, String(claim.spec.volumeName));
  const volumeId = persistentVolume ? portworxVolumeIdOf(persistentVolume) : undefined;
  const volume = volumeId === undefined ? undefined : runtime.portworx.volumes.get(volumeId);
  if (!volume) throw new SnapshotError(`PersistentVolume ${String(claim.spec.volumeName)} of claim ${namespace}/${claimName} has no Portworx volume`);
  return { snapshotClass, claim, volume };
}

function resolveSnapshotClass(runtime: LabRuntime, snapshot: KubeObject): KubeObject {
  const className = snapshot.spec?.volumeSnapshotClassName;
  if (className) {
    const snapshotClass = runtime.store.find(RESOURCES.csiSnapshotClasses, undefined, String(className));
    if (!snapshotClass) throw new SnapshotError(`failed to get VolumeSnapshotClass "${className}": volumesnapshotclass.snapshot.storage.k8s.io "${className}" not found`);
    return snapshotClass;
  }
  const defaults = runtime.store
    .list(RESOURCES.csiSnapshotClasses)
    .items.filter((candidate) => candidate.driver === CSI_DRIVER && candidate.metadata.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true');
  if (defaults.length !== 1) {
    throw new SnapshotError(`spec.volumeSnapshotClassName is not set and ${defaults.length} default VolumeSnapshotClasses exist for ${CSI_DRIVER}: set spec.volumeSnapshotClassName`);
  }
  return defaults[0] as KubeObject;
}
