import type { ObjectStore } from '../apiserver/object-store.js';

/** StorageClass of the MySQL volume: Portworx in-tree provisioner, 3 replicas, database I/O profile. */
export const PX_HA_STORAGE_CLASS = 'px-ha-sc';
/** StorageClass that STORK uses to clone a PVC from a snapshot. */
export const STORK_SNAPSHOT_STORAGE_CLASS = 'stork-snapshot-sc';

export function seedStorageClasses(store: ObjectStore): void {
  store.create('storageclasses.storage.k8s.io', {
    metadata: { name: PX_HA_STORAGE_CLASS },
    provisioner: 'kubernetes.io/portworx-volume',
    parameters: { repl: '3', io_profile: 'db', io_priority: 'high', fs: 'xfs' },
    allowVolumeExpansion: true,
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
  });
  store.create('storageclasses.storage.k8s.io', {
    metadata: { name: STORK_SNAPSHOT_STORAGE_CLASS },
    provisioner: 'stork-snapshot',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
  });
}
