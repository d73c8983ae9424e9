import { qualifiedResourceOf, type ResourceType } from './resources.js';

/**
 * Known fields of an object, for the unknown-field check of `fieldValidation`. `'any'` accepts any
 * content below a field. A record lists the fields allowed at that level and applies to every item
 * when the value is an array. The key `'*'` accepts any other field at that level, as a custom
 * resource without a structural schema does.
 *
 * The field names follow the Kubernetes 1.33 API reference. Only the levels listed here are checked:
 * the top level and `metadata` of every kind, and the `spec` of the kinds the lab's runbooks write
 * (Pod, Deployment, ReplicaSet, Service, PersistentVolumeClaim, PodDisruptionBudget, CSI VolumeSnapshot).
 */
export type FieldNode = 'any' | { readonly [field: string]: FieldNode };

const OBJECT_META: FieldNode = {
  name: 'any',
  generateName: 'any',
  namespace: 'any',
  selfLink: 'any',
  uid: 'any',
  resourceVersion: 'any',
  generation: 'any',
  creationTimestamp: 'any',
  deletionTimestamp: 'any',
  deletionGracePeriodSeconds: 'any',
  labels: 'any',
  annotations: 'any',
  ownerReferences: 'any',
  finalizers: 'any',
  managedFields: 'any',
};

const POD_SPEC: FieldNode = fields(
  'volumes initContainers containers ephemeralContainers restartPolicy terminationGracePeriodSeconds activeDeadlineSeconds',
  'dnsPolicy nodeSelector serviceAccountName serviceAccount automountServiceAccountToken nodeName hostNetwork hostPID hostIPC',
  'shareProcessNamespace securityContext imagePullSecrets hostname subdomain affinity schedulerName tolerations hostAliases',
  'priorityClassName priority dnsConfig readinessGates runtimeClassName enableServiceLinks preemptionPolicy overhead',
  'topologySpreadConstraints setHostnameAsFQDN os hostUsers schedulingGates resourceClaims resources',
);

const POD_TEMPLATE: FieldNode = { metadata: OBJECT_META, spec: POD_SPEC };

const DEPLOYMENT_SPEC: FieldNode = {
  ...fields('replicas selector strategy minReadySeconds revisionHistoryLimit paused progressDeadlineSeconds'),
  template: POD_TEMPLATE,
};

const REPLICA_SET_SPEC: FieldNode = { ...fields('replicas minReadySeconds selector'), template: POD_TEMPLATE };

const SERVICE_SPEC: FieldNode = fields(
  'ports selector clusterIP clusterIPs type externalIPs sessionAffinity loadBalancerIP loadBalancerSourceRanges externalName',
  'externalTrafficPolicy healthCheckNodePort publishNotReadyAddresses sessionAffinityConfig ipFamilies ipFamilyPolicy',
  'allocateLoadBalancerNodePorts loadBalancerClass internalTrafficPolicy trafficDistribution',
);

const CLAIM_SPEC: FieldNode = {
  ...fields('accessModes selector volumeName storageClassName volumeMode dataSource dataSourceRef volumeAttributesClassName'),
  resources: fields('limits requests'),
};

/** Top-level fields besides `apiVersion`, `kind` and `metadata`, by qualified resource name. */
const TOP_LEVEL: Record<string, Record<string, FieldNode>> = {
  namespaces: fields('spec status'),
  nodes: fields('spec status'),
  pods: { spec: POD_SPEC, status: 'any' },
  services: { spec: SERVICE_SPEC, status: 'any' },
  endpoints: fields('subsets'),
  secrets: fields('data stringData type immutable'),
  configmaps: fields('data binaryData immutable'),
  events: fields(
    'involvedObject reason message source firstTimestamp lastTimestamp count type eventTime series action related',
    'reportingComponent reportingInstance',
  ),
  persistentvolumes: fields('spec status'),
  persistentvolumeclaims: { spec: CLAIM_SPEC, status: 'any' },
  'deployments.apps': { spec: DEPLOYMENT_SPEC, status: 'any' },
  'replicasets.apps': { spec: REPLICA_SET_SPEC, status: 'any' },
  'storageclasses.storage.k8s.io': fields('provisioner parameters reclaimPolicy mountOptions allowVolumeExpansion volumeBindingMode allowedTopologies'),
  'poddisruptionbudgets.policy': { spec: fields('minAvailable selector maxUnavailable unhealthyPodEvictionPolicy'), status: 'any' },
  'clusterrolebindings.rbac.authorization.k8s.io': fields('subjects roleRef'),
  'volumesnapshots.snapshot.storage.k8s.io': { spec: fields('source volumeSnapshotClassName'), status: 'any' },
  'volumesnapshotcontents.snapshot.storage.k8s.io': fields('spec status'),
  'volumesnapshotclasses.snapshot.storage.k8s.io': fields('driver parameters deletionPolicy'),
};

/**
 * Returns the known fields of a kind. Kinds without an entry, such as STORK's snapshot CRDs, accept
 * any top-level field and still have `metadata` checked.
 */
export function fieldSchemaOf(type: ResourceType): FieldNode {
  const topLevel = TOP_LEVEL[qualifiedResourceOf(type)] ?? { '*': 'any' };
  return { apiVersion: 'any', kind: 'any', metadata: OBJECT_META, ...topLevel };
}

/** Builds a level whose fields accept any content, from space-separated names. */
function fields(...names: string[]): Record<string, FieldNode> {
  const level: Record<string, FieldNode> = {};
  for (const name of names.join(' ').split(/\s+/)) level[name] = 'any';
  return level;
}
