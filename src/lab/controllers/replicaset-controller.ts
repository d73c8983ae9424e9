import type { KubeObject } from '../apiserver/kube-object.js';
import { labelSelectorFromSpec, matchesLabelSelector } from '../apiserver/label-selector.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';
import { startControllerLoop, type RunningController } from './controller-loop.js';
import { recordEvent } from './event-recorder.js';
import { controllerRefOf, controllerReference, isControlledBy } from './owner-references.js';
import { sortPodsForDeletion } from './pod-deletion-order.js';
import { isPodActive, isPodAvailable, isPodReady } from './pod-state.js';

const COMPONENT = 'replicaset-controller';

/**
 * Starts the ReplicaSet controller: it keeps the number of active pods of each ReplicaSet equal
 * to `spec.replicas`, adopts matching orphan pods and keeps the ReplicaSet's status counts.
 */
export function startReplicaSetController(runtime: LabRuntime): RunningController {
  return startControllerLoop(runtime, {
    name: COMPONENT,
    resources: ['replicasets.apps', 'pods'],
    reconcile: () => {
      for (const replicaSet of runtime.store.list('replicasets.apps').items) syncReplicaSet(runtime, replicaSet);
    },
  });
}

function syncReplicaSet(runtime: LabRuntime, replicaSet: KubeObject): void {
  const pods = claimPods(runtime, replicaSet);
  if (!replicaSet.metadata.deletionTimestamp) manageReplicas(runtime, replicaSet, pods.filter(isPodActive));
  updateStatus(runtime, replicaSet);
}

/** Returns the pods the ReplicaSet controls, after adopting active orphans that match its selector. */
function claimPods(runtime: LabRuntime, replicaSet: KubeObject): KubeObject[] {
  const selector = labelSelectorFromSpec(replicaSet.spec?.selector);
  if (selector.length === 0) return [];
  const candidates = runtime.store.list('pods', { namespace: replicaSet.metadata.namespace, labelSelector: selector }).items;
  const owned: KubeObject[] = [];
  for (const pod of candidates) {
    if (isControlledBy(pod, replicaSet)) {
      owned.push(pod);
      continue;
    }
    if (controllerRefOf(pod) || !isPodActive(pod) || replicaSet.metadata.deletionTimestamp) continue;
    const references = [...(pod.metadata.ownerReferences ?? []), controllerReference('apps/v1', 'ReplicaSet', replicaSet)];
    owned.push(runtime.store.update('pods', { ...pod, metadata: { ...pod.metadata, ownerReferences: references } }));
  }
  return owned;
}

function manageReplicas(runtime: LabRuntime, replicaSet: KubeObject, activePods: KubeObject[]): void {
  const desired = Number(replicaSet.spec?.replicas ?? 1);
  const difference = activePods.length - desired;
  for (let created = 0; created < -difference; created += 1) createPod(runtime, replicaSet);
  if (difference <= 0) return;

  for (const pod of sortPodsForDeletion(activePods).slice(0, difference)) {
    runtime.store.delete('pods', pod.metadata.namespace, pod.metadata.name);
    recordEvent(runtime, { involvedObject: replicaSet, type: 'Normal', reason: 'SuccessfulDelete', message: `Deleted pod: ${pod.metadata.name}`, component: COMPONENT });
  }
}

function createPod(runtime: LabRuntime, replicaSet: KubeObject): void {
  const template: KubeObject = replicaSet.spec?.template ?? {};
  const pod = runtime.store.create('pods', {
    metadata: {
      generateName: `${replicaSet.metadata.name}-`,
      namespace: replicaSet.metadata.namespace,
      labels: { ...template.metadata?.labels },
      ...(template.metadata?.annotations ? { annotations: { ...template.metadata.annotations } } : {}),
      ownerReferences: [controllerReference('apps/v1', 'ReplicaSet', replicaSet)],
    },
    spec: structuredClone(template.spec ?? {}),
  });
  recordEvent(runtime, { involvedObject: replicaSet, type: 'Normal', reason: 'SuccessfulCreate', message: `Created pod: ${pod.metadata.name}`, component: COMPONENT });
}

/** Writes the status counts from the pods as they are after this pass. */
function updateStatus(runtime: LabRuntime, replicaSet: KubeObject): void {
  const current = runtime.store.find('replicasets.apps', replicaSet.metadata.namespace, replicaSet.metadata.name);
  if (!current) return;
  const templateLabels: Record<string, string> = current.spec?.template?.metadata?.labels ?? {};
  const active = runtime.store
    .list('pods', { namespace: current.metadata.namespace })
    .items.filter((pod) => isControlledBy(pod, current) && isPodActive(pod));
  const minReadySeconds = Number(current.spec?.minReadySeconds ?? 0);
  const now = runtime.now();

  const status: KubeObject = {
    ...current.status,
    replicas: active.length,
    fullyLabeledReplicas: active.filter((pod) => matchesLabelSelector(labelSelectorFromSpec({ matchLabels: templateLabels }), pod.metadata.labels)).length,
    readyReplicas: active.filter(isPodReady).length,
    availableReplicas: active.filter((pod) => isPodAvailable(pod, minReadySeconds, now)).length,
    observedGeneration: current.metadata.generation,
  };
  runtime.store.updateStatus('replicasets.apps', { ...current, status });
}
