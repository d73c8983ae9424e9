import type { KubeObject } from '../apiserver/kube-object.js';
import type { ObjectStore } from '../apiserver/object-store.js';
import { LAB_NODES, MYSQL_NODE_NAME } from './lab-topology.js';
import { PX_HA_STORAGE_CLASS } from './seed-storage-classes.js';
import { seedWorkload, type SeededWorkload } from './seed-workload.js';

export const MYSQL_NAMESPACE = 'default';
export const MYSQL_SECRET_NAME = 'mysql-root';
export const MYSQL_CLAIM_NAME = 'px-mysql-pvc';
export const MYSQL_DEPLOYMENT_NAME = 'mysql';
export const MYSQL_ROOT_PASSWORD = 'password';

export interface SeededMysql extends SeededWorkload {
  claim: KubeObject;
  volume: KubeObject;
  service: KubeObject;
}

/**
 * Stores the MySQL target of the classic Portworx MySQL runbook. It consists of the root password
 * Secret, a 1Gi PVC on px-ha-sc bound to its PV, the `mysql` Deployment (mysql:5.6, scheduled by
 * STORK) with its ReplicaSet and one Running pod, and the `mysql` Service with its Endpoints.
 * `volumeId` is the Portworx volume id that the PV refers to.
 */
export function seedMysql(store: ObjectStore, volumeId: string, now: Date, podIp: string): SeededMysql {
  store.create('secrets', {
    metadata: { name: MYSQL_SECRET_NAME, namespace: MYSQL_NAMESPACE },
    type: 'Opaque',
    data: { password: Buffer.from(MYSQL_ROOT_PASSWORD, 'utf8').toString('base64') },
  });
  const { claim, volume } = seedBoundClaim(store, volumeId);

  const node = LAB_NODES.find((candidate) => candidate.name === MYSQL_NODE_NAME);
  if (!node) throw new Error(`lab topology has no node named ${MYSQL_NODE_NAME}`);
  const workload = seedWorkload(
    store,
    {
      namespace: MYSQL_NAMESPACE,
      name: MYSQL_DEPLOYMENT_NAME,
      selector: { app: 'mysql' },
      extraTemplateLabels: { version: '1' },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } },
      podSpec: {
        schedulerName: 'stork',
        containers: [
          {
            name: 'mysql',
            image: 'mysql:5.6',
            imagePullPolicy: 'Always',
            env: [{ name: 'MYSQL_ROOT_PASSWORD', valueFrom: { secretKeyRef: { name: MYSQL_SECRET_NAME, key: 'password' } } }],
            ports: [{ containerPort: 3306, protocol: 'TCP' }],
            volumeMounts: [{ name: 'mysql-persistent-storage', mountPath: '/var/lib/mysql' }],
          },
        ],
        volumes: [{ name: 'mysql-persistent-storage', persistentVolumeClaim: { claimName: MYSQL_CLAIM_NAME } }],
      },
      replicas: [{ nodeName: node.name, hostIp: node.internalIp, podIp }],
    },
    now,
  );

  const service = store.create('services', {
    metadata: { name: 'mysql', namespace: MYSQL_NAMESPACE, labels: { app: 'mysql' } },
    spec: { selector: { app: 'mysql' }, ports: [{ port: 3306, targetPort: 3306, protocol: 'TCP' }] },
  });
  const pod = workload.pods[0] as KubeObject;
  store.create('endpoints', {
    metadata: { name: 'mysql', namespace: MYSQL_NAMESPACE, labels: { app: 'mysql' } },
    subsets: [
      {
        addresses: [{ ip: podIp, nodeName: pod.spec.nodeName, targetRef: { kind: 'Pod', namespace: MYSQL_NAMESPACE, name: pod.metadata.name, uid: pod.metadata.uid } }],
        ports: [{ port: 3306, protocol: 'TCP' }],
      },
    ],
  });
  return { ...workload, claim, volume, service };
}

/** Stores the PVC and the PV that the Portworx provisioner created for it (named `pvc-<claim uid>`), bound to each other. */
function seedBoundClaim(store: ObjectStore, volumeId: string): { claim: KubeObject; volume: KubeObject } {
  const provisioner = 'kubernetes.io/portworx-volume';
  const created = store.create('persistentvolumeclaims', {
    metadata: {
      name: MYSQL_CLAIM_NAME,
      namespace: MYSQL_NAMESPACE,
      annotations: {
        'pv.kubernetes.io/bind-completed': 'yes',
        'pv.kubernetes.io/bound-by-controller': 'yes',
        'volume.beta.kubernetes.io/storage-provisioner': provisioner,
        'volume.kubernetes.io/storage-provisioner': provisioner,
      },
      finalizers: ['kubernetes.io/pvc-protection'],
    },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: PX_HA_STORAGE_CLASS, volumeMode: 'Filesystem' },
    status: { phase: 'Bound', accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' } },
  });
  const volumeName = `pvc-${created.metadata.uid}`;
  const claim = store.update('persistentvolumeclaims', { ...created, spec: { ...created.spec, volumeName } });
  const volume = store.create('persistentvolumes', {
    metadata: {
      name: volumeName,
      annotations: {
        'kubernetes.io/createdby': 'portworx-volume-dynamic-provisioner',
        'pv.kubernetes.io/bound-by-controller': 'yes',
        'pv.kubernetes.io/provisioned-by': provisioner,
      },
      finalizers: ['kubernetes.io/pv-protection'],
    },
    spec: {
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '1Gi' },
      claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name: MYSQL_CLAIM_NAME, namespace: MYSQL_NAMESPACE, uid: claim.metadata.uid, resourceVersion: claim.metadata.resourceVersion },
      persistentVolumeReclaimPolicy: 'Delete',
      portworxVolume: { volumeID: volumeId, fsType: 'xfs' },
      storageClassName: PX_HA_STORAGE_CLASS,
      volumeMode: 'Filesystem',
    },
    status: { phase: 'Bound' },
  });
  return { claim, volume };
}
