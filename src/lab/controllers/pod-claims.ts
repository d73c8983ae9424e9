import type { KubeObject } from '../apiserver/kube-object.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';

export interface PodClaims {
  /** Claim names that do not exist. */
  missing: string[];
  /** Claim names that exist but are not Bound to a PersistentVolume yet. */
  unbound: string[];
  /** The PersistentVolumes bound to the pod's claims. */
  volumes: KubeObject[];
}

/** Resolves the pod's PersistentVolumeClaims to their bound PersistentVolumes. */
export function resolvePodClaims(runtime: LabRuntime, pod: KubeObject): PodClaims {
  const result: PodClaims = { missing: [], unbound: [], volumes: [] };
  for (const volume of (pod.spec?.volumes ?? []) as KubeObject[]) {
    const claimName = volume.persistentVolumeClaim?.claimName;
    if (!claimName) continue;
    const claim = runtime.store.find('persistentvolumeclaims', pod.metadata.namespace, String(claimName));
    if (!claim) {
      result.missing.push(String(claimName));
      continue;
    }
    const volumeName = claim.spec?.volumeName;
    const persistentVolume = volumeName ? runtime.store.find('persistentvolumes', undefined, String(volumeName)) : undefined;
    if (claim.status?.phase !== 'Bound' || !persistentVolume) {
      result.unbound.push(String(claimName));
      continue;
    }
    result.volumes.push(persistentVolume);
  }
  return result;
}
