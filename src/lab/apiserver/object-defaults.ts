import type { KubeObject } from './kube-object.js';
import type { ResourceType } from './resources.js';

/**
 * Fills the defaults a real apiserver sets on create, for the fields that kubectl columns, the
 * bot and the lab controllers read. Mutates `object`.
 */
export function applyCreateDefaults(type: ResourceType, object: KubeObject, allocateClusterIp: () => string): void {
  switch (qualified(type)) {
    case 'namespaces':
      object.metadata.labels = { ...object.metadata.labels, 'kubernetes.io/metadata.name': object.metadata.name };
      object.spec ??= { finalizers: ['kubernetes'] };
      object.status ??= { phase: 'Active' };
      break;
    case 'pods':
      defaultPodSpec(object.spec ?? {});
      object.status ??= {};
      object.status.phase ??= 'Pending';
      object.status.qosClass ??= 'BestEffort';
      break;
    case 'services':
      defaultService(object, allocateClusterIp);
      break;
    case 'secrets':
      defaultSecret(object);
      break;
    case 'persistentvolumeclaims':
      object.spec ??= {};
      object.spec.volumeMode ??= 'Filesystem';
      object.status ??= { phase: 'Pending' };
      break;
    case 'persistentvolumes':
      object.spec ??= {};
      object.spec.volumeMode ??= 'Filesystem';
      object.spec.persistentVolumeReclaimPolicy ??= 'Retain';
      object.status ??= { phase: 'Pending' };
      break;
    case 'storageclasses':
      object.reclaimPolicy ??= 'Delete';
      object.volumeBindingMode ??= 'Immediate';
      break;
    case 'deployments.apps':
      defaultDeployment(object);
      break;
    case 'replicasets.apps':
      object.spec ??= {};
      object.spec.replicas ??= 1;
      if (object.spec.template?.spec) defaultPodSpec(object.spec.template.spec);
      break;
  }
}

function qualified(type: ResourceType): string {
  return type.group === '' ? type.plural : `${type.plural}.${type.group}`;
}

function defaultPodSpec(spec: KubeObject): void {
  spec.restartPolicy ??= 'Always';
  spec.terminationGracePeriodSeconds ??= 30;
  spec.dnsPolicy ??= 'ClusterFirst';
  spec.schedulerName ??= 'default-scheduler';
  spec.serviceAccountName ??= 'default';
  spec.securityContext ??= {};
  for (const container of [...(spec.initContainers ?? []), ...(spec.containers ?? [])]) {
    const image = String(container.image ?? '');
    container.imagePullPolicy ??= image.endsWith(':latest') || !image.includes(':') ? 'Always' : 'IfNotPresent';
    container.terminationMessagePath ??= '/dev/termination-log';
    container.terminationMessagePolicy ??= 'File';
    container.resources ??= {};
    for (const port of container.ports ?? []) port.protocol ??= 'TCP';
  }
}

function defaultDeployment(object: KubeObject): void {
  object.spec ??= {};
  const spec = object.spec;
  spec.replicas ??= 1;
  spec.revisionHistoryLimit ??= 10;
  spec.progressDeadlineSeconds ??= 600;
  spec.strategy ??= { type: 'RollingUpdate' };
  if (spec.strategy.type === 'RollingUpdate') {
    spec.strategy.rollingUpdate ??= {};
    spec.strategy.rollingUpdate.maxSurge ??= '25%';
    spec.strategy.rollingUpdate.maxUnavailable ??= '25%';
  }
  if (spec.template?.spec) defaultPodSpec(spec.template.spec);
}

function defaultService(object: KubeObject, allocateClusterIp: () => string): void {
  object.spec ??= {};
  const spec = object.spec;
  spec.type ??= 'ClusterIP';
  spec.sessionAffinity ??= 'None';
  if (spec.clusterIP === undefined) spec.clusterIP = allocateClusterIp();
  if (spec.clusterIP !== 'None') spec.clusterIPs ??= [spec.clusterIP];
  spec.ipFamilies ??= ['IPv4'];
  spec.ipFamilyPolicy ??= 'SingleStack';
  spec.internalTrafficPolicy ??= 'Cluster';
  for (const port of spec.ports ?? []) {
    port.protocol ??= 'TCP';
    port.targetPort ??= port.port;
  }
  object.status ??= { loadBalancer: {} };
}

/** Moves `stringData` into base64 `data`, as the apiserver does on every write. */
export function normalizeSecret(object: KubeObject): void {
  if (object.stringData && typeof object.stringData === 'object') {
    object.data ??= {};
    for (const [key, value] of Object.entries(object.stringData)) {
      object.data[key] = Buffer.from(String(value), 'utf8').toString('base64');
    }
    delete object.stringData;
  }
}

function defaultSecret(object: KubeObject): void {
  object.type ??= 'Opaque';
  normalizeSecret(object);
}
