import type { KubeObject } from '../apiserver/kube-object.js';
import type { PortworxVolume } from '../portworx/cluster-state.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';

export const STORK_SCHEDULER = 'stork';
const PORTWORX_CSI_DRIVER = 'pxd.portworx.com';

/**
 * Finds the Portworx volumes behind PersistentVolumes: by `spec.portworxVolume.volumeID`, by the
 * CSI volume handle of the Portworx driver, or else by the PV name, which equals the name of a
 * dynamically provisioned Portworx volume.
 */
export function portworxVolumesOf(runtime: LabRuntime, persistentVolumes: KubeObject[]): PortworxVolume[] {
  const found: PortworxVolume[] = [];
  for (const persistentVolume of persistentVolumes) {
    const csi: KubeObject | undefined = persistentVolume.spec?.csi;
    const id = persistentVolume.spec?.portworxVolume?.volumeID ?? (csi?.driver === PORTWORX_CSI_DRIVER ? csi.volumeHandle : undefined);
    const volume = (id ? runtime.portworx.findVolume(String(id)) : undefined) ?? runtime.portworx.findVolume(String(persistentVolume.metadata.name));
    if (volume) found.push(volume);
  }
  return found;
}

/** Returns the Kubernetes node names that hold a replica of the volume, in replica-set order. */
export function replicaNodeNames(runtime: LabRuntime, volume: PortworxVolume): string[] {
  return volume.replicaNodeIds.flatMap((id) => {
    const node = runtime.portworx.nodes.get(id);
    return node ? [node.name] : [];
  });
}

/** True when the Kubernetes node runs a Portworx node that is online. */
export function isPortworxOnline(runtime: LabRuntime, nodeName: string): boolean {
  return runtime.portworx.nodeByName(nodeName)?.online === true;
}

/** Returns how many of the volumes have a replica on the node. STORK prefers nodes with more. */
export function replicaScore(runtime: LabRuntime, volumes: PortworxVolume[], nodeName: string): number {
  return volumes.filter((volume) => replicaNodeNames(runtime, volume).includes(nodeName)).length;
}
