import type { KubeObject } from '../apiserver/kube-object.js';

export const REVISION_ANNOTATION = 'deployment.kubernetes.io/revision';
export const DESIRED_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/desired-replicas';
export const MAX_REPLICAS_ANNOTATION = 'deployment.kubernetes.io/max-replicas';

/** Returns the revision of a ReplicaSet or Deployment from its annotation, 0 when missing. */
export function revisionOf(object: KubeObject): number {
  const value = Number(object.metadata?.annotations?.[REVISION_ANNOTATION] ?? 0);
  return Number.isFinite(value) ? value : 0;
}

export function replicasOf(replicaSet: KubeObject): number {
  return Number(replicaSet.spec?.replicas ?? 0);
}

/** Sorts ReplicaSets oldest first, by creation time, then by name. */
export function oldestFirst(replicaSets: KubeObject[]): KubeObject[] {
  return [...replicaSets].sort((a, b) => {
    const age = String(a.metadata.creationTimestamp).localeCompare(String(b.metadata.creationTimestamp));
    return age !== 0 ? age : String(a.metadata.name).localeCompare(String(b.metadata.name));
  });
}
