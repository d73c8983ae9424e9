/** Names that Kubernetes, Portworx and STORK give to storage objects, annotations and finalizers. */

/** Provisioner of the in-tree Portworx volume plugin (`spec.portworxVolume` PVs). */
export const IN_TREE_PROVISIONER = 'kubernetes.io/portworx-volume';
/** Name of the Portworx CSI driver (`spec.csi` PVs, VolumeSnapshotClass `driver`). */
export const CSI_DRIVER = 'pxd.portworx.com';
/** Provisioner of STORK's `stork-snapshot-sc`, which clones a PVC from a STORK snapshot. */
export const STORK_SNAPSHOT_PROVISIONER = 'stork-snapshot';

export const PVC_PROTECTION_FINALIZER = 'kubernetes.io/pvc-protection';
export const PV_PROTECTION_FINALIZER = 'kubernetes.io/pv-protection';
export const SNAPSHOT_BOUND_FINALIZER = 'snapshot.storage.kubernetes.io/volumesnapshot-bound-protection';
export const CONTENT_BOUND_FINALIZER = 'snapshot.storage.kubernetes.io/volumesnapshotcontent-bound-protection';

/** Legacy way to name a PVC's StorageClass, still honoured by Kubernetes before `spec.storageClassName`. */
export const LEGACY_STORAGE_CLASS_ANNOTATION = 'volume.beta.kubernetes.io/storage-class';
/** PVC annotation that names the STORK VolumeSnapshot to restore from. */
export const STORK_SNAPSHOT_ANNOTATION = 'snapshot.alpha.kubernetes.io/snapshot';

export const CSI_SNAPSHOT_GROUP = 'snapshot.storage.k8s.io';
export const STORK_SNAPSHOT_GROUP = 'volumesnapshot.external-storage.k8s.io';

/** Store keys of the resources the storage controllers read and write. */
export const RESOURCES = {
  claims: 'persistentvolumeclaims',
  volumes: 'persistentvolumes',
  pods: 'pods',
  storageClasses: 'storageclasses.storage.k8s.io',
  csiSnapshots: 'volumesnapshots.snapshot.storage.k8s.io',
  csiSnapshotContents: 'volumesnapshotcontents.snapshot.storage.k8s.io',
  csiSnapshotClasses: 'volumesnapshotclasses.snapshot.storage.k8s.io',
  storkSnapshots: 'volumesnapshots.volumesnapshot.external-storage.k8s.io',
  storkSnapshotData: 'volumesnapshotdatas.volumesnapshot.external-storage.k8s.io',
  events: 'events',
} as const;

/** Component names that the storage events carry in `source.component`. */
export const COMPONENTS = {
  volumeController: 'persistentvolume-controller',
  csiProvisioner: 'pxd.portworx.com',
  expander: 'volume_expand',
  snapshotController: 'snapshot-controller',
  csiSnapshotter: 'csi-snapshotter pxd.portworx.com',
  stork: 'stork',
} as const;

export const GIB = 1024 ** 3;
