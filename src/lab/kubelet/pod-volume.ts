import type { KubeObject } from '../apiserver/kube-object.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';
import { VolumeMountError } from './mysql-pod-spec.js';

/** The Portworx volume behind a pod's PVC. */
export interface PodVolume {
  /** Portworx volume id: the name of its data directory under `<lab directory>/volumes/`. */
  volumeId: string;
  /** Portworx volume name; for a provisioned volume, the PV name `pvc-<claim uid>`. */
  volumeName: string;
  claimName: string;
}

/**
 * Follows a pod's PVC to its PV and the Portworx volume behind it: the PV's
 * `spec.portworxVolume.volumeID`, else `spec.csi.volumeHandle`, else the volume named like the PV.
 * Throws a VolumeMountError, with a message like the kubelet's, while the PVC is missing or not
 * Bound, or when the PV or the volume does not exist.
 */
export function resolvePodVolume(runtime: LabRuntime, namespace: string, claimName: string): PodVolume {
  const claim = runtime.store.find('persistentvolumeclaims', namespace, claimName);
  if (!claim) throw new VolumeMountError(`persistentvolumeclaim "${claimName}" not found`);
  const pvName = claim.spec?.volumeName;
  if (claim.status?.phase !== 'Bound' || typeof pvName !== 'string' || pvName === '') {
    throw new VolumeMountError(`error processing PVC ${namespace}/${claimName}: PVC is not bound`);
  }

  const pv = runtime.store.find('persistentvolumes', undefined, pvName);
  if (!pv) throw new VolumeMountError(`error processing PVC ${namespace}/${claimName}: persistentvolume "${pvName}" not found`);
  const volume = findPortworxVolume(runtime, pv);
  if (!volume) {
    throw new VolumeMountError(`MountVolume.SetUp failed for volume "${pvName}": Portworx volume ${portworxReference(pv)} not found`);
  }
  return { volumeId: volume.id, volumeName: volume.name, claimName };
}

function findPortworxVolume(runtime: LabRuntime, pv: KubeObject): { id: string; name: string } | undefined {
  const reference = portworxReference(pv);
  return runtime.portworx.findVolume(reference);
}

/** Returns the id or name that a PV uses for its Portworx volume. */
function portworxReference(pv: KubeObject): string {
  const inTree = pv.spec?.portworxVolume?.volumeID;
  if (typeof inTree === 'string' && inTree !== '') return inTree;
  const csi = pv.spec?.csi?.volumeHandle;
  if (typeof csi === 'string' && csi !== '') return csi;
  return String(pv.metadata?.name);
}
