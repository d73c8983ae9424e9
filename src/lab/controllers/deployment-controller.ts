import type { KubeObject } from '../apiserver/kube-object.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';
import { startControllerLoop, type RunningController } from './controller-loop.js';
import { claimReplicaSets, findNewReplicaSet, nextRevision, syncRevision } from './deployment-replica-sets.js';
import { deploymentStatus } from './deployment-status.js';
import { rolloutRecreate } from './recreate-update.js';
import { REVISION_ANNOTATION, oldestFirst, replicasOf, revisionOf } from './replica-set-annotations.js';
import { rolloutRolling } from './rolling-update.js';
import { DEPLOYMENT_COMPONENT, scaleReplicaSet } from './scale-replica-set.js';

/**
 * Starts the Deployment controller: it owns ReplicaSets named `<deployment>-<pod-template-hash>`,
 * rolls out template changes with the Recreate or RollingUpdate strategy, follows
 * `spec.replicas`, stops rolling out while `spec.paused` is set, and keeps the status, conditions
 * and revision annotations.
 */
export function startDeploymentController(runtime: LabRuntime): RunningController {
  return startControllerLoop(runtime, {
    name: DEPLOYMENT_COMPONENT,
    resources: ['deployments.apps', 'replicasets.apps', 'pods'],
    reconcile: () => {
      for (const deployment of runtime.store.list('deployments.apps').items) {
        if (!deployment.metadata.deletionTimestamp) syncDeployment(runtime, deployment);
      }
    },
  });
}

function syncDeployment(runtime: LabRuntime, deployment: KubeObject): void {
  const replicaSets = claimReplicaSets(runtime, deployment);
  const existingNew = findNewReplicaSet(runtime, deployment, replicaSets);
  const old = replicaSets.filter((replicaSet) => replicaSet !== existingNew);
  const revision = nextRevision(old);

  let newReplicaSet = existingNew ? syncRevision(runtime, existingNew, revision) : undefined;
  if (deployment.spec?.paused) {
    scalePaused(runtime, deployment, newReplicaSet, old);
  } else if (deployment.spec?.strategy?.type === 'Recreate') {
    newReplicaSet = rolloutRecreate(runtime, deployment, newReplicaSet, old, revision);
  } else {
    newReplicaSet = rolloutRolling(runtime, deployment, newReplicaSet, old, revision);
  }
  const created = existingNew === undefined && newReplicaSet !== undefined;

  if (newReplicaSet) setDeploymentRevision(runtime, deployment, revisionOf(newReplicaSet));
  const all = claimReplicaSets(runtime, deployment);
  const current = runtime.store.get('deployments.apps', deployment.metadata.namespace, deployment.metadata.name);
  const freshNew = newReplicaSet && all.find((replicaSet) => replicaSet.metadata.uid === newReplicaSet.metadata.uid);
  const status = deploymentStatus(current, freshNew, all, created, runtime.now());
  runtime.store.updateStatus('deployments.apps', { ...current, status });
  if (!current.spec?.paused && status.conditions.some((condition: KubeObject) => condition.reason === 'NewReplicaSetAvailable')) {
    cleanUpOldReplicaSets(runtime, current, all.filter((replicaSet) => replicaSet !== freshNew));
  }
}

/** While paused, only `spec.replicas` is followed, and only when one ReplicaSet has pods. */
function scalePaused(runtime: LabRuntime, deployment: KubeObject, newReplicaSet: KubeObject | undefined, old: KubeObject[]): void {
  const active = [...(newReplicaSet ? [newReplicaSet] : []), ...old].filter((replicaSet) => replicasOf(replicaSet) > 0);
  // TODO: a real paused Deployment with pods in several ReplicaSets scales them proportionally, but the lab leaves them.
  if (active.length > 1) return;
  const target = active.length === 1 ? active[0] : newReplicaSet;
  const desired = Number(deployment.spec?.replicas ?? 1);
  if (target && replicasOf(target) !== desired) scaleReplicaSet(runtime, deployment, target, desired);
}

function setDeploymentRevision(runtime: LabRuntime, deployment: KubeObject, revision: number): void {
  const current = runtime.store.get('deployments.apps', deployment.metadata.namespace, deployment.metadata.name);
  if (current.metadata.annotations?.[REVISION_ANNOTATION] === String(revision)) return;
  const annotations = { ...current.metadata.annotations, [REVISION_ANNOTATION]: String(revision) };
  runtime.store.update('deployments.apps', { ...current, metadata: { ...current.metadata, annotations } });
}

/** Deletes the oldest scaled-down ReplicaSets beyond `spec.revisionHistoryLimit` (default 10). */
function cleanUpOldReplicaSets(runtime: LabRuntime, deployment: KubeObject, old: KubeObject[]): void {
  const limit = Number(deployment.spec?.revisionHistoryLimit ?? 10);
  const idle = oldestFirst(old).filter(
    (replicaSet) => replicasOf(replicaSet) === 0 && Number(replicaSet.status?.replicas ?? 0) === 0 && !replicaSet.metadata.deletionTimestamp,
  );
  const excess = idle.sort((a, b) => revisionOf(a) - revisionOf(b)).slice(0, Math.max(0, idle.length - limit));
  for (const replicaSet of excess) runtime.store.delete('replicasets.apps', replicaSet.metadata.namespace, replicaSet.metadata.name);
}
