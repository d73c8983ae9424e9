import { jsonEqual, type KubeObject } from '../apiserver/kube-object.js';
import { labelSelectorFromSpec, matchesLabelSelector } from '../apiserver/label-selector.js';
import { applyCreateDefaults } from '../apiserver/object-defaults.js';
import { podTemplateHash } from '../cluster/pod-template-hash.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';
import { recordEvent } from './event-recorder.js';
import { controllerRefOf, controllerReference, isControlledBy } from './owner-references.js';
import { DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, REVISION_ANNOTATION, oldestFirst, revisionOf } from './replica-set-annotations.js';
import { rollingParameters } from './rolling-parameters.js';
import { DEPLOYMENT_COMPONENT } from './scale-replica-set.js';

const HASH_LABEL = 'pod-template-hash';

/** Returns the ReplicaSets a Deployment controls, after adopting orphans that match its selector. */
export function claimReplicaSets(runtime: LabRuntime, deployment: KubeObject): KubeObject[] {
  const selector = labelSelectorFromSpec(deployment.spec?.selector);
  const owned: KubeObject[] = [];
  for (const replicaSet of runtime.store.list('replicasets.apps', { namespace: deployment.metadata.namespace }).items) {
    if (isControlledBy(replicaSet, deployment)) {
      owned.push(replicaSet);
      continue;
    }
    const orphan = !controllerRefOf(replicaSet) && !replicaSet.metadata.deletionTimestamp;
    if (!orphan || selector.length === 0 || !matchesLabelSelector(selector, replicaSet.metadata.labels)) continue;
    const references = [...(replicaSet.metadata.ownerReferences ?? []), controllerReference('apps/v1', 'Deployment', deployment)];
    owned.push(runtime.store.update('replicasets.apps', { ...replicaSet, metadata: { ...replicaSet.metadata, ownerReferences: references } }));
  }
  return oldestFirst(owned);
}

/**
 * Finds the ReplicaSet whose pod template equals the Deployment's, ignoring the
 * pod-template-hash label. Templates are compared rather than hashes because a patch may
 * reorder the template's keys, which changes the hash of its JSON but not the template. Both
 * get the apiserver's pod defaults first: an update of a Deployment stores its template as sent,
 * while the ReplicaSet made from it gets the defaults on create.
 */
export function findNewReplicaSet(runtime: LabRuntime, deployment: KubeObject, replicaSets: KubeObject[]): KubeObject | undefined {
  const expected = comparableTemplate(runtime, deployment.spec?.template);
  return replicaSets.find((replicaSet) => jsonEqual(comparableTemplate(runtime, replicaSet.spec?.template), expected));
}

function comparableTemplate(runtime: LabRuntime, template: KubeObject | undefined): KubeObject {
  const holder: KubeObject = { metadata: {}, spec: { template: structuredClone(template ?? {}) } };
  applyCreateDefaults(runtime.store.resolve('replicasets.apps'), holder, () => '');
  const copy: KubeObject = holder.spec.template;
  if (copy.metadata?.labels) {
    delete copy.metadata.labels[HASH_LABEL];
    if (Object.keys(copy.metadata.labels).length === 0) delete copy.metadata.labels;
  }
  if (copy.metadata && Object.keys(copy.metadata).length === 0) delete copy.metadata;
  return copy;
}

/** Returns the revision the new ReplicaSet must carry: one above every old ReplicaSet's. */
export function nextRevision(oldReplicaSets: KubeObject[]): number {
  return Math.max(0, ...oldReplicaSets.map(revisionOf)) + 1;
}

/** Raises the new ReplicaSet's revision annotation to `revision` when it is lower (after a rollback). */
export function syncRevision(runtime: LabRuntime, replicaSet: KubeObject, revision: number): KubeObject {
  if (revisionOf(replicaSet) >= revision) return replicaSet;
  const annotations = { ...replicaSet.metadata.annotations, [REVISION_ANNOTATION]: String(revision) };
  return runtime.store.update('replicasets.apps', { ...replicaSet, metadata: { ...replicaSet.metadata, annotations } });
}

/**
 * Creates the Deployment's ReplicaSet for its current template, named
 * `<deployment>-<pod-template-hash>`. When that name belongs to a ReplicaSet with another
 * template (a hash collision), the Deployment's `status.collisionCount` is raised and the hash
 * computed again.
 */
export function createNewReplicaSet(runtime: LabRuntime, deployment: KubeObject, replicas: number, revision: number): KubeObject {
  const { namespace, name } = deployment.metadata;
  let collisionCount = Number(deployment.status?.collisionCount ?? 0);
  let hash = podTemplateHash(deployment.spec.template, collisionCount);
  while (runtime.store.find('replicasets.apps', namespace, `${name}-${hash}`)) {
    collisionCount += 1;
    hash = podTemplateHash(deployment.spec.template, collisionCount);
  }
  if (collisionCount !== Number(deployment.status?.collisionCount ?? 0)) {
    const current = runtime.store.get('deployments.apps', namespace, name);
    runtime.store.updateStatus('deployments.apps', { ...current, status: { ...current.status, collisionCount } });
  }

  const template = structuredClone(deployment.spec.template);
  template.metadata = { ...template.metadata, labels: { ...template.metadata?.labels, [HASH_LABEL]: hash } };
  const desired = Number(deployment.spec.replicas ?? 1);
  const replicaSet = runtime.store.create('replicasets.apps', {
    metadata: {
      name: `${name}-${hash}`,
      namespace,
      labels: { ...template.metadata.labels },
      annotations: {
        [DESIRED_REPLICAS_ANNOTATION]: String(desired),
        [MAX_REPLICAS_ANNOTATION]: String(desired + rollingParameters(deployment).maxSurge),
        [REVISION_ANNOTATION]: String(revision),
      },
      ownerReferences: [controllerReference('apps/v1', 'Deployment', deployment)],
    },
    spec: {
      replicas,
      minReadySeconds: Number(deployment.spec.minReadySeconds ?? 0),
      selector: { ...deployment.spec.selector, matchLabels: { ...deployment.spec.selector?.matchLabels, [HASH_LABEL]: hash } },
      template,
    },
  });
  if (replicas > 0) {
    recordEvent(runtime, {
      involvedObject: deployment,
      type: 'Normal',
      reason: 'ScalingReplicaSet',
      message: `Scaled up replica set ${String(replicaSet.metadata.name)} from 0 to ${replicas}`,
      component: DEPLOYMENT_COMPONENT,
    });
  }
  return replicaSet;
}
