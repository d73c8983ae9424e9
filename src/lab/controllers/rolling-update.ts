import type { KubeObject } from '../apiserver/kube-object.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';
import { createNewReplicaSet } from './deployment-replica-sets.js';
import { oldestFirst, replicasOf } from './replica-set-annotations.js';
import { rollingParameters } from './rolling-parameters.js';
import { scaleReplicaSet } from './scale-replica-set.js';

const sum = (replicaSets: KubeObject[], count: (replicaSet: KubeObject) => number): number =>
  replicaSets.reduce((total, replicaSet) => total + count(replicaSet), 0);
const available = (replicaSet: KubeObject): number => Number(replicaSet.status?.availableReplicas ?? 0);

/**
 * Runs one step of a RollingUpdate rollout, as the Deployment controller does: scale the new
 * ReplicaSet up within `replicas + maxSurge` pods, and when it did not scale up, scale old
 * ReplicaSets down while at least `replicas - maxUnavailable` pods stay available. Returns the
 * new ReplicaSet.
 */
export function rolloutRolling(runtime: LabRuntime, deployment: KubeObject, existingNew: KubeObject | undefined, oldReplicaSets: KubeObject[], revision: number): KubeObject {
  if (!existingNew) return createNewReplicaSet(runtime, deployment, newReplicaCount(deployment, undefined, oldReplicaSets), revision);
  let newReplicaSet = existingNew;

  const target = newReplicaCount(deployment, newReplicaSet, oldReplicaSets);
  if (target !== replicasOf(newReplicaSet)) {
    const scaledUp = target > replicasOf(newReplicaSet);
    newReplicaSet = scaleReplicaSet(runtime, deployment, newReplicaSet, target);
    if (scaledUp) return newReplicaSet;
  }
  scaleDownOldReplicaSets(runtime, deployment, newReplicaSet, oldReplicaSets);
  return newReplicaSet;
}

/** Returns the replicas the new ReplicaSet may have now: at most `replicas`, and at most `replicas + maxSurge` pods in all. */
function newReplicaCount(deployment: KubeObject, newReplicaSet: KubeObject | undefined, oldReplicaSets: KubeObject[]): number {
  const desired = Number(deployment.spec?.replicas ?? 1);
  const current = newReplicaSet ? replicasOf(newReplicaSet) : 0;
  if (current >= desired) return desired;
  const maxTotal = desired + rollingParameters(deployment).maxSurge;
  const allPods = sum(oldReplicaSets, replicasOf) + current;
  if (allPods >= maxTotal) return current;
  return current + Math.min(maxTotal - allPods, desired - current);
}

/**
 * Scales old ReplicaSets down: first their unavailable pods, then available ones while the
 * Deployment keeps `replicas - maxUnavailable` available pods. Oldest ReplicaSets go first.
 */
function scaleDownOldReplicaSets(runtime: LabRuntime, deployment: KubeObject, newReplicaSet: KubeObject, oldReplicaSets: KubeObject[]): void {
  const old = oldestFirst(oldReplicaSets);
  if (sum(old, replicasOf) === 0) return;
  const desired = Number(deployment.spec?.replicas ?? 1);
  const minAvailable = desired - rollingParameters(deployment).maxUnavailable;
  const newUnavailable = replicasOf(newReplicaSet) - available(newReplicaSet);
  const maxScaledDown = sum(old, replicasOf) + replicasOf(newReplicaSet) - minAvailable - newUnavailable;
  if (maxScaledDown <= 0) return;

  let cleanedUp = 0;
  old.forEach((replicaSet, index) => {
    const unhealthy = replicasOf(replicaSet) - available(replicaSet);
    if (cleanedUp >= maxScaledDown || replicasOf(replicaSet) === 0 || unhealthy <= 0) return;
    const count = Math.min(maxScaledDown - cleanedUp, unhealthy);
    old[index] = scaleReplicaSet(runtime, deployment, replicaSet, replicasOf(replicaSet) - count);
    cleanedUp += count;
  });

  const availableNow = sum(old, available) + available(newReplicaSet);
  const allowed = availableNow - minAvailable;
  let scaledDown = 0;
  for (const replicaSet of old) {
    if (scaledDown >= allowed) break;
    if (replicasOf(replicaSet) === 0) continue;
    const count = Math.min(replicasOf(replicaSet), allowed - scaledDown);
    scaleReplicaSet(runtime, deployment, replicaSet, replicasOf(replicaSet) - count);
    scaledDown += count;
  }
}
