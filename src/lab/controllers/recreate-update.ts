import type { KubeObject } from '../apiserver/kube-object.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';
import { createNewReplicaSet } from './deployment-replica-sets.js';
import { isControlledBy } from './owner-references.js';
import { replicasOf } from './replica-set-annotations.js';
import { scaleReplicaSet } from './scale-replica-set.js';

/**
 * Runs one step of a Recreate rollout: scale every old ReplicaSet to 0, wait until none of their
 * pods is left (Terminating pods count, finished ones do not), then create or scale the new
 * ReplicaSet to `replicas`. Returns the new ReplicaSet, which is undefined while old pods remain.
 */
export function rolloutRecreate(runtime: LabRuntime, deployment: KubeObject, existingNew: KubeObject | undefined, oldReplicaSets: KubeObject[], revision: number): KubeObject | undefined {
  const active = oldReplicaSets.filter((replicaSet) => replicasOf(replicaSet) > 0);
  for (const replicaSet of active) scaleReplicaSet(runtime, deployment, replicaSet, 0);
  if (active.length > 0 || oldPodsRemain(runtime, deployment, oldReplicaSets)) return existingNew;

  const desired = Number(deployment.spec?.replicas ?? 1);
  if (!existingNew) return createNewReplicaSet(runtime, deployment, desired, revision);
  if (replicasOf(existingNew) === desired) return existingNew;
  return scaleReplicaSet(runtime, deployment, existingNew, desired);
}

function oldPodsRemain(runtime: LabRuntime, deployment: KubeObject, oldReplicaSets: KubeObject[]): boolean {
  if (oldReplicaSets.length === 0) return false;
  const pods = runtime.store.list('pods', { namespace: deployment.metadata.namespace }).items;
  return pods.some((pod) => {
    const finished = pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed';
    return !finished && oldReplicaSets.some((replicaSet) => isControlledBy(pod, replicaSet));
  });
}
