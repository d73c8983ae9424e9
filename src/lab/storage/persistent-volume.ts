import type { KubeObject } from '../apiserver/kube-object.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';
import { CSI_DRIVER, IN_TREE_PROVISIONER, PV_PROTECTION_FINALIZER, PVC_PROTECTION_FINALIZER, RESOURCES } from './storage-names.js';
import { formatBinaryQuantity } from './storage-quantity.js';

/** Volume source of a new PV: `spec.portworxVolume` (in-tree) or `spec.csi`. */
export type VolumeSourceKind = 'in-tree' | 'csi';

export interface NewPersistentVolume {
  claim: KubeObject;
  capacityBytes: number;
  storageClassName: string;
  reclaimPolicy: string;
  /** Value of the `pv.kubernetes.io/provisioned-by` annotation. */
  provisionedBy: string;
  sourceKind: VolumeSourceKind;
  volumeId: string;
  fsType: string;
  /** CSI `volumeAttributes`, unused for in-tree PVs. */
  volumeAttributes?: Record<string, string>;
}

/** Returns the PV name that dynamic provisioning gives a claim: `pvc-<claim uid>`. */
export function volumeNameFor(claim: KubeObject): string {
  return `pvc-${claim.metadata.uid}`;
}

/** Returns the Portworx volume id of a PV: `spec.portworxVolume.volumeID` or, for the CSI driver, `spec.csi.volumeHandle`. */
export function portworxVolumeIdOf(volume: KubeObject): string | undefined {
  if (volume.spec?.portworxVolume?.volumeID) return String(volume.spec.portworxVolume.volumeID);
  if (volume.spec?.csi?.driver === CSI_DRIVER && volume.spec.csi.volumeHandle) return String(volume.spec.csi.volumeHandle);
  return undefined;
}

/** Creates the PV of a provisioned claim, already bound to it (phase Bound, `claimRef` set). */
export function createBoundVolume(runtime: LabRuntime, request: NewPersistentVolume): KubeObject {
  const { claim } = request;
  const annotations: Record<string, string> = {
    'pv.kubernetes.io/provisioned-by': request.provisionedBy,
    'pv.kubernetes.io/bound-by-controller': 'yes',
  };
  if (request.provisionedBy === IN_TREE_PROVISIONER) annotations['kubernetes.io/createdby'] = 'portworx-volume-dynamic-provisioner';

  const source =
    request.sourceKind === 'csi'
      ? { csi: { driver: CSI_DRIVER, volumeHandle: request.volumeId, fsType: request.fsType, volumeAttributes: { ...(request.volumeAttributes ?? {}) } } }
      : { portworxVolume: { volumeID: request.volumeId, fsType: request.fsType } };

  return runtime.store.create(RESOURCES.volumes, {
    metadata: { name: volumeNameFor(claim), annotations, finalizers: [PV_PROTECTION_FINALIZER] },
    spec: {
      accessModes: [...(claim.spec?.accessModes ?? ['ReadWriteOnce'])],
      capacity: { storage: formatBinaryQuantity(request.capacityBytes) },
      claimRef: {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        name: claim.metadata.name,
        namespace: claim.metadata.namespace,
        uid: claim.metadata.uid,
        resourceVersion: claim.metadata.resourceVersion,
      },
      persistentVolumeReclaimPolicy: request.reclaimPolicy,
      storageClassName: request.storageClassName,
      volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
      ...source,
    },
    status: { phase: 'Bound' },
  });
}

/**
 * Binds the claim to its PV as the PV controller does: `spec.volumeName`, the bind annotations and
 * the pvc-protection finalizer, then status phase Bound with the PV's capacity and access modes.
 */
export function bindClaim(runtime: LabRuntime, claim: KubeObject, volume: KubeObject, provisioner: string): KubeObject {
  const finalizers: string[] = claim.metadata.finalizers ?? [];
  const updated = runtime.store.update(RESOURCES.claims, {
    ...claim,
    metadata: {
      ...claim.metadata,
      annotations: {
        ...(claim.metadata.annotations ?? {}),
        'pv.kubernetes.io/bind-completed': 'yes',
        'pv.kubernetes.io/bound-by-controller': 'yes',
        'volume.beta.kubernetes.io/storage-provisioner': provisioner,
        'volume.kubernetes.io/storage-provisioner': provisioner,
      },
      finalizers: finalizers.includes(PVC_PROTECTION_FINALIZER) ? finalizers : [...finalizers, PVC_PROTECTION_FINALIZER],
    },
    spec: { ...claim.spec, volumeName: volume.metadata.name },
  });
  return runtime.store.updateStatus(RESOURCES.claims, {
    ...updated,
    status: { ...(updated.status ?? {}), phase: 'Bound', accessModes: [...(volume.spec.accessModes ?? [])], capacity: { storage: volume.spec.capacity.storage } },
  });
}
