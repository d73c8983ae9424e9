import type { KubeObject } from '../apiserver/kube-object.js';
import type { PortworxVolume } from '../portworx/cluster-state.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';
import type { VolumeSourceKind } from './persistent-volume.js';
import { chooseReplicaNodes, ProvisioningError, roundUpToGib } from './portworx-volumes.js';
import { parseVolumeParameters, type PortworxVolumeParameters } from './storage-class.js';
import { CSI_DRIVER } from './storage-names.js';
import { requestedBytes } from './storage-quantity.js';

/** Provisioning plan of one claim: a Portworx volume, filled from a snapshot or empty, and its PV. */
export interface ProvisionPlan {
  /** Provisioner name written to the PV's `provisioned-by` and the claim's `storage-provisioner` annotations. */
  provisioner: string;
  sourceKind: VolumeSourceKind;
  /** Size of the new volume and capacity of its PV, in whole GiB. */
  sizeBytes: number;
  format: PortworxVolume['format'];
  ioProfile: PortworxVolume['ioProfile'];
  ioPriority: PortworxVolume['ioPriority'];
  replicaNodeIds: string[];
  /** Snapshot volume whose data the new volume starts with. */
  copyFromVolumeId?: string;
  /** CSI `volumeAttributes` of the PV. */
  volumeAttributes?: Record<string, string>;
}

/** Portworx defaults for a volume whose StorageClass leaves a setting out. */
const DEFAULTS = { replicas: 1, format: 'ext4', ioProfile: 'auto', ioPriority: 'LOW' } as const;

/** Plans a new empty volume from the class parameters: `repl` replicas on distinct online nodes. */
export function planNewVolume(runtime: LabRuntime, claim: KubeObject, storageClass: KubeObject): ProvisionPlan {
  const parameters = classParameters(storageClass);
  const sizeBytes = roundUpToGib(claimRequest(claim));
  const replicaNodeIds = chooseReplicaNodes(runtime, parameters.replicas ?? DEFAULTS.replicas);
  return {
    provisioner: storageClass.provisioner,
    sourceKind: storageClass.provisioner === CSI_DRIVER ? 'csi' : 'in-tree',
    sizeBytes,
    format: parameters.format ?? DEFAULTS.format,
    ioProfile: parameters.ioProfile ?? DEFAULTS.ioProfile,
    ioPriority: parameters.ioPriority ?? DEFAULTS.ioPriority,
    replicaNodeIds,
    volumeAttributes: { ...(storageClass.parameters ?? {}) },
  };
}

export interface SnapshotSource {
  /** The Portworx snapshot volume to copy. */
  volume: PortworxVolume;
  /** Smallest size a restored volume may have, in bytes. */
  restoreSizeBytes: number;
  /** Name of the snapshot in messages, e.g. `default/mysql-snap`. */
  description: string;
}

/**
 * Plans a volume restored from a snapshot. It is at least as large as the snapshot's restore size
 * (a smaller request is rejected) and takes the replication, format and I/O settings of the
 * snapshot's parent volume, except where the class parameters set them.
 */
export function planRestoredVolume(
  runtime: LabRuntime,
  claim: KubeObject,
  storageClass: KubeObject,
  source: SnapshotSource,
  provisioner: string,
  sourceKind: VolumeSourceKind,
): ProvisionPlan {
  const request = claimRequest(claim);
  if (request < source.restoreSizeBytes) {
    throw new ProvisioningError(
      `requested volume size ${request} bytes is less than the size ${source.restoreSizeBytes} bytes of the source snapshot ${source.description}: request at least the snapshot's restoreSize`,
    );
  }

  const parameters = classParameters(storageClass);
  const parent = source.volume.parentId === undefined ? undefined : runtime.portworx.volumes.get(source.volume.parentId);
  const template = parent ?? source.volume;
  const replicaNodeIds =
    parameters.replicas === undefined || parameters.replicas === template.replicaNodeIds.length
      ? [...template.replicaNodeIds]
      : chooseReplicaNodes(runtime, parameters.replicas);

  return {
    provisioner,
    sourceKind,
    sizeBytes: Math.max(roundUpToGib(request), source.volume.sizeBytes),
    format: parameters.format ?? template.format,
    ioProfile: parameters.ioProfile ?? template.ioProfile,
    ioPriority: parameters.ioPriority ?? template.ioPriority,
    replicaNodeIds,
    copyFromVolumeId: source.volume.id,
    volumeAttributes: { ...(storageClass.parameters ?? {}) },
  };
}

function classParameters(storageClass: KubeObject): PortworxVolumeParameters {
  try {
    return parseVolumeParameters(storageClass);
  } catch (error) {
    throw new ProvisioningError((error as Error).message);
  }
}

function claimRequest(claim: KubeObject): number {
  try {
    return requestedBytes(claim);
  } catch (error) {
    throw new ProvisioningError((error as Error).message);
  }
}
