import { randomUUID } from 'node:crypto';
import type { ObjectStore } from '../apiserver/object-store.js';
import { PortworxClusterState } from '../portworx/cluster-state.js';
import { buildGkeNode } from './gke-nodes.js';
import { DEFAULT_POD_SUBNET, LAB_CLUSTER_NAME, LAB_NODES, MYSQL_NODE_NAME, MYSQL_POD_HOST, STORK_POD_HOST } from './lab-topology.js';
import { MYSQL_CLAIM_NAME, MYSQL_NAMESPACE, seedMysql } from './seed-mysql.js';
import { seedPortworxPods, seedStork } from './seed-portworx-pods.js';
import { seedStorageClasses, seedVolumeSnapshotClass } from './seed-storage-classes.js';

export interface SeedOptions {
  /**
   * Seed the MySQL target (`px-ha-sc`, Secret, PVC, PV, volume, Deployment, pod, Service). False
   * leaves a cluster with only the platform (nodes, Portworx, STORK), ready for the runbook's steps.
   */
  workload?: boolean;
  /** First three octets of the pod network (default `127.0.20`); see `LabRuntime.podSubnet`. */
  podSubnet?: string;
}

/** Creates the empty Portworx state of the lab cluster `gke-px` with a new cluster UUID. */
export function createLabPortworxState(): PortworxClusterState {
  return new PortworxClusterState(LAB_CLUSTER_NAME, randomUUID());
}

/**
 * Fills the store and the Portworx state with the default lab cluster: 3 Ready GKE nodes,
 * namespaces, portworx and stork pods, the StorageClasses, and the MySQL target (Secret, PVC, PV,
 * Deployment, ReplicaSet, pod, Service, Endpoints) whose Portworx volume has a replica on every
 * node and is attached on the MySQL pod's node. Anything already there is removed first, so
 * `lab reset` can call this again on the same store and state.
 */
export function seedLabCluster(store: ObjectStore, portworx: PortworxClusterState, now = new Date(), options: SeedOptions = {}): void {
  store.clear();
  portworx.nodes.clear();
  portworx.volumes.clear();

  for (const name of ['default', 'kube-system', 'kube-public', 'kube-node-lease']) {
    store.create('namespaces', { metadata: { name } });
  }
  store.create('services', {
    metadata: { name: 'kubernetes', namespace: 'default', labels: { component: 'apiserver', provider: 'kubernetes' } },
    spec: { clusterIP: '127.0.30.1', ports: [{ name: 'https', port: 443, protocol: 'TCP', targetPort: 443 }] },
  });
  for (const node of LAB_NODES) {
    store.create('nodes', buildGkeNode(node, now));
    portworx.addNode({ id: randomUUID(), name: node.name, ip: node.internalIp, online: true });
  }
  seedPortworxPods(store, now);
  const podSubnet = options.podSubnet ?? DEFAULT_POD_SUBNET;
  seedStork(store, now, `${podSubnet}.${STORK_POD_HOST}`);
  seedStorageClasses(store, { mysqlClass: options.workload !== false });
  seedVolumeSnapshotClass(store);
  if (options.workload === false) return;

  const volumeId = portworx.allocateVolumeId();
  const mysql = seedMysql(store, volumeId, now, `${podSubnet}.${MYSQL_POD_HOST}`);
  const pod = mysql.pods[0];
  const mysqlNode = portworx.nodeByName(MYSQL_NODE_NAME);
  if (!pod || !mysqlNode) throw new Error('lab seeding created no MySQL pod or no Portworx node for it');
  portworx.addVolume({
    id: volumeId,
    name: mysql.volume.metadata.name,
    sizeBytes: 1024 ** 3,
    format: 'xfs',
    haLevel: 3,
    ioPriority: 'HIGH',
    ioProfile: 'db',
    createdAt: now,
    shared: false,
    labels: { namespace: MYSQL_NAMESPACE, pvc: MYSQL_CLAIM_NAME },
    replicaNodeIds: [mysqlNode.id, ...[...portworx.nodes.values()].filter((node) => node.id !== mysqlNode.id).map((node) => node.id)],
    attachedNodeName: MYSQL_NODE_NAME,
    parentId: undefined,
    snapshot: false,
    stats: { reads: 0, readMs: 0, bytesRead: 0, writes: 0, writeMs: 0, bytesWritten: 0, iosInProgress: 0, bytesUsed: 0 },
    consumers: [
      {
        name: pod.metadata.name,
        uid: pod.metadata.uid,
        namespace: MYSQL_NAMESPACE,
        runningOn: MYSQL_NODE_NAME,
        ownerKind: 'ReplicaSet',
        ownerName: mysql.replicaSet.metadata.name,
      },
    ],
  });
}
