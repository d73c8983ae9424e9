import type { KubeObject } from '../apiserver/kube-object.js';
import { isoSeconds } from '../apiserver/object-store.js';
import { replicasOf } from './replica-set-annotations.js';
import { rollingParameters } from './rolling-parameters.js';

const count = (replicaSets: KubeObject[], field: string): number =>
  replicaSets.reduce((total, replicaSet) => total + Number(replicaSet.status?.[field] ?? 0), 0);

/**
 * Computes a Deployment's status from its ReplicaSets: the replica counts, `observedGeneration`
 * and the Available and Progressing conditions. `created` is true when this pass created the new
 * ReplicaSet. Fields the Deployment controller leaves out when zero are left out here too.
 */
export function deploymentStatus(deployment: KubeObject, newReplicaSet: KubeObject | undefined, all: KubeObject[], created: boolean, now: Date): KubeObject {
  const desired = Number(deployment.spec?.replicas ?? 1);
  const previous: KubeObject = deployment.status ?? {};
  const status: KubeObject = {
    ...previous,
    observedGeneration: deployment.metadata.generation,
    replicas: count(all, 'replicas'),
    updatedReplicas: Number(newReplicaSet?.status?.replicas ?? 0),
    readyReplicas: count(all, 'readyReplicas'),
    availableReplicas: count(all, 'availableReplicas'),
  };
  const unavailable = all.reduce((total, replicaSet) => total + replicasOf(replicaSet), 0) - status.availableReplicas;
  if (unavailable > 0) status.unavailableReplicas = unavailable;
  else delete status.unavailableReplicas;

  const minAvailable = desired - rollingParameters(deployment).maxUnavailable;
  const available =
    status.availableReplicas >= minAvailable
      ? { type: 'Available', status: 'True', reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' }
      : { type: 'Available', status: 'False', reason: 'MinimumReplicasUnavailable', message: 'Deployment does not have minimum availability.' };
  const progressed = ['replicas', 'updatedReplicas', 'readyReplicas', 'availableReplicas'].some((field) => previous[field] !== status[field]);
  const progressing = progressingCondition(deployment, newReplicaSet, status, created, progressed, now);

  let conditions = setCondition(previous.conditions, available, false, now);
  if (progressing) conditions = setCondition(conditions, progressing, progressed || created, now);
  status.conditions = conditions;
  return status;
}

/** Returns the Progressing condition for this pass, or undefined to keep the stored one. */
function progressingCondition(deployment: KubeObject, newReplicaSet: KubeObject | undefined, status: KubeObject, created: boolean, progressed: boolean, now: Date): KubeObject | undefined {
  const desired = Number(deployment.spec?.replicas ?? 1);
  const name = String(newReplicaSet?.metadata?.name ?? '');
  if (deployment.spec?.paused) return { type: 'Progressing', status: 'Unknown', reason: 'DeploymentPaused', message: 'Deployment is paused' };
  const complete = status.updatedReplicas === desired && status.replicas === desired && status.availableReplicas === desired;
  if (complete && newReplicaSet) return { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${name}" has successfully progressed.` };
  if (created) return { type: 'Progressing', status: 'True', reason: 'NewReplicaSetCreated', message: `Created new replica set "${name}"` };
  if (progressed && newReplicaSet) return { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `ReplicaSet "${name}" is progressing.` };

  const stored: KubeObject | undefined = (deployment.status?.conditions ?? []).find((condition: KubeObject) => condition.type === 'Progressing');
  const deadlineSeconds = Number(deployment.spec?.progressDeadlineSeconds ?? 600);
  const lastUpdate = Date.parse(String(stored?.lastUpdateTime ?? ''));
  if (stored?.status === 'True' && Number.isFinite(lastUpdate) && lastUpdate + deadlineSeconds * 1000 < now.getTime()) {
    return { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: `ReplicaSet "${name}" has timed out progressing.` };
  }
  return undefined;
}

/**
 * Sets one condition. `lastUpdateTime` changes when the condition changes or `touched` is set,
 * `lastTransitionTime` only when its status changes.
 */
function setCondition(conditions: KubeObject[] | undefined, next: KubeObject, touched: boolean, now: Date): KubeObject[] {
  const time = isoSeconds(now);
  const list = [...(conditions ?? [])];
  const index = list.findIndex((condition) => condition.type === next.type);
  const stored = index >= 0 ? list[index] : undefined;
  const same = stored !== undefined && stored.status === next.status && stored.reason === next.reason && stored.message === next.message;
  const merged = {
    type: next.type,
    status: next.status,
    lastUpdateTime: same && !touched ? stored.lastUpdateTime : time,
    lastTransitionTime: stored !== undefined && stored.status === next.status ? stored.lastTransitionTime : time,
    reason: next.reason,
    message: next.message,
  };
  if (index >= 0) list[index] = merged;
  else list.push(merged);
  return list;
}
