import type { ObjectStore } from '../apiserver/object-store.js';

/** StorageClass of the MySQL volume: Portworx in-tree provisioner, 3 replicas, database I/O profile. */
export const PX_HA_STORAGE_CLASS = 'px-ha-sc';
/** StorageClass that STORK uses to clone a PVC from a snapshot. */
export const STORK_SNAPSHOT_STORAGE_CLASS = 'stork-snapshot-sc';

/** Creates `stork-snapshot-sc`, which STORK installs, and `px-ha-sc` unless `mysqlClass` is false. */
export function seedStorageClasses(store: ObjectStore, options: { mysqlClass?: boolean } = {}): void {
  if (options.mysqlClass !== false) createMysqlStorageClass(store);
  store.create('storageclasses.storage.k8s.io', {
    metadata: { name: STORK_SNAPSHOT_STORAGE_CLASS },
    provisioner: 'stork-snapshot',
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
  });
}

function createMysqlStorageClass(store: ObjectStore): void {
  store.create('storageclasses.storage.k8s.io', {
    metadata: { name: PX_HA_STORAGE_CLASS },
    provisioner: 'kubernetes.io/portworx-volume',
    parameters: { repl: '3', io_profile: 'db', io_priority: 'high', fs: 'xfs' },
    allowVolumeExpansion: true,
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
  });
}

/** VolumeSnapshotClass for CSI snapshots of Portworx volumes, as the Portworx operator installs it. */
export const PX_CSI_SNAPSHOT_CLASS = 'px-csi-snapclass';

/** CSI StorageClass for database volumes, one of those the Portworx operator installs. */
export const PX_CSI_DB_STORAGE_CLASS = 'px-csi-db';

/** Seeds the CSI side of Portworx: a VolumeSnapshotClass and a StorageClass for the `pxd.portworx.com` driver. */
export function seedVolumeSnapshotClass(store: ObjectStore): void {
  store.create('volumesnapshotclasses', { metadata: { name: PX_CSI_SNAPSHOT_CLASS }, driver: 'pxd.portworx.com', deletionPolicy: 'Delete' });
  store.create('storageclasses.storage.k8s.io', {
    metadata: { name: PX_CSI_DB_STORAGE_CLASS },
    provisioner: 'pxd.portworx.com',
    parameters: { repl: '3', io_profile: 'db_remote' },
    allowVolumeExpansion: true,
    reclaimPolicy: 'Delete',
    volumeBindingMode: 'Immediate',
  });
}
