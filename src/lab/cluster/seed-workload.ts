import type { KubeObject } from '../apiserver/kube-object.js';
import type { ObjectStore } from '../apiserver/object-store.js';
import { randomSuffix } from '../apiserver/random-suffix.js';
import { podTemplateHash } from './pod-template-hash.js';
import { runningPodStatus, timestamp } from './running-pod-status.js';

export interface WorkloadSeed {
  namespace: string;
  name: string;
  /** Labels of the selector; the pod template carries them and `extraTemplateLabels`. */
  selector: Record<string, string>;
  extraTemplateLabels?: Record<string, string>;
  strategy: KubeObject;
  podSpec: KubeObject;
  /** Placement of each replica: node name, node InternalIP and pod IP. */
  replicas: { nodeName: string; hostIp: string; podIp: string }[];
}

export interface SeededWorkload {
  deployment: KubeObject;
  replicaSet: KubeObject;
  pods: KubeObject[];
}

/**
 * Stores a Deployment, its ReplicaSet and its Running, Ready pods as the Deployment controller
 * would leave them after a rollout: owner references, pod-template-hash labels, revision
 * annotations and status counts.
 */
export function seedWorkload(store: ObjectStore, seed: WorkloadSeed, now: Date): SeededWorkload {
  const replicas = seed.replicas.length;
  const template = { metadata: { labels: { ...seed.selector, ...seed.extraTemplateLabels } }, spec: seed.podSpec };
  const deployment = store.create('deployments.apps', {
    metadata: { name: seed.name, namespace: seed.namespace, annotations: { 'deployment.kubernetes.io/revision': '1' }, labels: { ...seed.selector } },
    spec: { replicas, selector: { matchLabels: seed.selector }, strategy: seed.strategy, template },
  });

  const hash = podTemplateHash(deployment.spec.template);
  const replicaSetName = `${seed.name}-${hash}`;
  const podLabels = { ...deployment.spec.template.metadata.labels, 'pod-template-hash': hash };
  const maxReplicas = seed.strategy.type === 'Recreate' ? replicas : replicas + 1;
  const replicaSet = store.create('replicasets.apps', {
    metadata: {
      name: replicaSetName,
      namespace: seed.namespace,
      labels: podLabels,
      annotations: {
        'deployment.kubernetes.io/desired-replicas': String(replicas),
        'deployment.kubernetes.io/max-replicas': String(maxReplicas),
        'deployment.kubernetes.io/revision': '1',
      },
      ownerReferences: [ownerReference('apps/v1', 'Deployment', deployment)],
    },
    spec: {
      replicas,
      selector: { matchLabels: { ...seed.selector, 'pod-template-hash': hash } },
      template: { metadata: { labels: podLabels }, spec: deployment.spec.template.spec },
    },
    status: { replicas, fullyLabeledReplicas: replicas, readyReplicas: replicas, availableReplicas: replicas, observedGeneration: 1 },
  });

  const deploymentWithStatus = store.updateStatus('deployments.apps', { ...deployment, status: deploymentStatus(replicas, replicaSetName, now) });

  const pods = seed.replicas.map((placement) => {
    const spec = { ...replicaSet.spec.template.spec, nodeName: placement.nodeName };
    return store.create('pods', {
      metadata: {
        name: `${replicaSetName}-${randomSuffix(5)}`,
        namespace: seed.namespace,
        labels: podLabels,
        ownerReferences: [ownerReference('apps/v1', 'ReplicaSet', replicaSet)],
      },
      spec,
      status: runningPodStatus(spec, placement.hostIp, placement.podIp, now),
    });
  });
  return { deployment: deploymentWithStatus, replicaSet, pods };
}

/** Builds a controller owner reference to `owner`. */
export function ownerReference(apiVersion: string, kind: string, owner: KubeObject): KubeObject {
  return { apiVersion, kind, name: owner.metadata.name, uid: owner.metadata.uid, controller: true, blockOwnerDeletion: true };
}

function deploymentStatus(replicas: number, replicaSetName: string, now: Date): KubeObject {
  const time = timestamp(now);
  return {
    observedGeneration: 1,
    replicas,
    updatedReplicas: replicas,
    readyReplicas: replicas,
    availableReplicas: replicas,
    conditions: [
      { type: 'Available', status: 'True', lastUpdateTime: time, lastTransitionTime: time, reason: 'MinimumReplicasAvailable', message: 'Deployment has minimum availability.' },
      { type: 'Progressing', status: 'True', lastUpdateTime: time, lastTransitionTime: time, reason: 'NewReplicaSetAvailable', message: `ReplicaSet "${replicaSetName}" has successfully progressed.` },
    ],
  };
}
