import type { KubeObject } from './kube-object.js';
import { ageSince } from './human-duration.js';
import { AGE_COLUMN, NAME_COLUMN, column, type TablePrinter } from './table-types.js';

const ACCESS_MODE_ABBREVIATIONS: Record<string, string> = {
  ReadWriteOnce: 'RWO',
  ReadOnlyMany: 'ROX',
  ReadWriteMany: 'RWX',
  ReadWriteOncePod: 'RWOP',
};

function accessModes(modes: string[] | undefined): string {
  return (modes ?? []).map((mode) => ACCESS_MODE_ABBREVIATIONS[mode] ?? mode).join(',');
}

/** Columns of `kubectl get pvc` in kubectl 1.29 and later (with VOLUMEATTRIBUTESCLASS). */
export const claimPrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column('Status'),
    column('Volume'),
    column('Capacity'),
    column('Access Modes'),
    column('StorageClass'),
    column('VolumeAttributesClass'),
    AGE_COLUMN,
    column('VolumeMode', { priority: 1 }),
  ],
  cells(claim, now) {
    const bound = claim.spec?.volumeName !== undefined && claim.spec.volumeName !== '';
    const phase = claim.metadata.deletionTimestamp ? 'Terminating' : (claim.status?.phase ?? 'Pending');
    return [
      claim.metadata.name,
      phase,
      claim.spec?.volumeName ?? '',
      bound ? (claim.status?.capacity?.storage ?? '') : '',
      bound ? accessModes(claim.status?.accessModes) : '',
      storageClassOf(claim),
      claim.spec?.volumeAttributesClassName ?? '<unset>',
      ageSince(claim.metadata.creationTimestamp, now),
      claim.spec?.volumeMode ?? '<unset>',
    ];
  },
};

/** Columns of `kubectl get pv`. */
export const volumePrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column('Capacity'),
    column('Access Modes'),
    column('Reclaim Policy'),
    column('Status'),
    column('Claim'),
    column('StorageClass'),
    column('VolumeAttributesClass'),
    column('Reason'),
    AGE_COLUMN,
    column('VolumeMode', { priority: 1 }),
  ],
  cells(volume, now) {
    const claimRef = volume.spec?.claimRef;
    return [
      volume.metadata.name,
      volume.spec?.capacity?.storage ?? '',
      accessModes(volume.spec?.accessModes),
      volume.spec?.persistentVolumeReclaimPolicy ?? '',
      volume.metadata.deletionTimestamp ? 'Terminating' : (volume.status?.phase ?? ''),
      claimRef ? `${claimRef.namespace}/${claimRef.name}` : '',
      storageClassOf(volume),
      volume.spec?.volumeAttributesClassName ?? '<unset>',
      volume.status?.reason ?? '',
      ageSince(volume.metadata.creationTimestamp, now),
      volume.spec?.volumeMode ?? '<unset>',
    ];
  },
};

function storageClassOf(object: KubeObject): string {
  return object.spec?.storageClassName ?? object.metadata.annotations?.['volume.beta.kubernetes.io/storage-class'] ?? '';
}

/** Columns of `kubectl get sc`; the default class gets ` (default)` after its name. */
export const storageClassPrinter: TablePrinter = {
  columns: [NAME_COLUMN, column('Provisioner'), column('ReclaimPolicy'), column('VolumeBindingMode'), column('AllowVolumeExpansion'), AGE_COLUMN],
  cells(storageClass, now) {
    const annotations = storageClass.metadata.annotations ?? {};
    const isDefault = annotations['storageclass.kubernetes.io/is-default-class'] === 'true' || annotations['storageclass.beta.kubernetes.io/is-default-class'] === 'true';
    return [
      isDefault ? `${storageClass.metadata.name} (default)` : storageClass.metadata.name,
      storageClass.provisioner ?? '',
      storageClass.reclaimPolicy ?? 'Delete',
      storageClass.volumeBindingMode ?? 'Immediate',
      storageClass.allowVolumeExpansion === true,
      ageSince(storageClass.metadata.creationTimestamp, now),
    ];
  },
};

/** Columns of `kubectl get volumesnapshot` for the CSI snapshot CRD (its additionalPrinterColumns). */
export const volumeSnapshotPrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column('ReadyToUse', { type: 'boolean' }),
    column('SourcePVC'),
    column('SourceSnapshotContent'),
    column('RestoreSize'),
    column('SnapshotClass'),
    column('SnapshotContent'),
    column('CreationTime'),
    AGE_COLUMN,
  ],
  cells(snapshot, now) {
    return [
      snapshot.metadata.name,
      snapshot.status?.readyToUse ?? '',
      snapshot.spec?.source?.persistentVolumeClaimName ?? '',
      snapshot.spec?.source?.volumeSnapshotContentName ?? '',
      snapshot.status?.restoreSize ?? '',
      snapshot.spec?.volumeSnapshotClassName ?? '',
      snapshot.status?.boundVolumeSnapshotContentName ?? '',
      snapshot.status?.creationTime ? ageSince(snapshot.status.creationTime, now) : '',
      ageSince(snapshot.metadata.creationTimestamp, now),
    ];
  },
};
