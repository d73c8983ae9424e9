import type { KubeObject } from '../apiserver/kube-object.js';
import type { PortworxVolume } from '../portworx/cluster-state.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';
import { CSI_DRIVER, IN_TREE_PROVISIONER, LEGACY_STORAGE_CLASS_ANNOTATION, RESOURCES } from './storage-names.js';

/** Volume settings from a Portworx StorageClass's `parameters`. A setting the class leaves out is undefined. */
export interface PortworxVolumeParameters {
  replicas: number | undefined;
  ioProfile: PortworxVolume['ioProfile'] | undefined;
  ioPriority: PortworxVolume['ioPriority'] | undefined;
  format: PortworxVolume['format'] | undefined;
}

const IO_PROFILES: ReadonlyArray<PortworxVolume['ioProfile']> = ['db', 'db_remote', 'sequential', 'random', 'cms', 'sync_shared', 'auto', 'none'];
const FORMATS: ReadonlyArray<PortworxVolume['format']> = ['xfs', 'ext4', 'none'];

/** Returns the name of the PVC's StorageClass: `spec.storageClassName`, else the legacy annotation. */
export function storageClassNameOf(claim: KubeObject): string | undefined {
  const name = claim.spec?.storageClassName ?? claim.metadata.annotations?.[LEGACY_STORAGE_CLASS_ANNOTATION];
  return typeof name === 'string' && name !== '' ? name : undefined;
}

export function findStorageClass(runtime: LabRuntime, name: string | undefined): KubeObject | undefined {
  return name === undefined ? undefined : runtime.store.find(RESOURCES.storageClasses, undefined, name);
}

/** True for the provisioners of Portworx: the in-tree plugin and the CSI driver. */
export function isPortworxProvisioner(provisioner: unknown): provisioner is typeof IN_TREE_PROVISIONER | typeof CSI_DRIVER {
  return provisioner === IN_TREE_PROVISIONER || provisioner === CSI_DRIVER;
}

/**
 * Parses the Portworx parameters of a StorageClass (`repl`, `io_profile`, `io_priority`, `fs`).
 * Throws an Error that names the parameter and its accepted values when one is invalid.
 */
export function parseVolumeParameters(storageClass: KubeObject): PortworxVolumeParameters {
  const parameters: Record<string, string> = storageClass.parameters ?? {};
  const className = String(storageClass.metadata?.name ?? '');
  const invalid = (key: string, expected: string): Error =>
    new Error(`invalid StorageClass ${className} parameter ${key}="${parameters[key]}": expected ${expected}`);

  let replicas: number | undefined;
  if (parameters.repl !== undefined) {
    replicas = Number(parameters.repl);
    if (!Number.isInteger(replicas) || replicas < 1 || replicas > 3) throw invalid('repl', '1, 2 or 3');
  }

  let ioProfile: PortworxVolume['ioProfile'] | undefined;
  if (parameters.io_profile !== undefined) {
    ioProfile = IO_PROFILES.find((profile) => profile === parameters.io_profile);
    if (!ioProfile) throw invalid('io_profile', IO_PROFILES.join(', '));
  }

  let ioPriority: PortworxVolume['ioPriority'] | undefined;
  if (parameters.io_priority !== undefined) {
    const upper = parameters.io_priority.toUpperCase();
    if (upper !== 'LOW' && upper !== 'MEDIUM' && upper !== 'HIGH') throw invalid('io_priority', 'low, medium or high');
    ioPriority = upper;
  }

  let format: PortworxVolume['format'] | undefined;
  const fsKey = parameters.fs !== undefined ? 'fs' : 'csi.storage.k8s.io/fstype';
  const fsText = parameters[fsKey];
  if (fsText !== undefined) {
    format = FORMATS.find((candidate) => candidate === fsText);
    if (!format) throw invalid(fsKey, FORMATS.join(', '));
  }

  return { replicas, ioProfile, ioPriority, format };
}
