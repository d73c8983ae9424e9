import { PortworxClusterState, type PortworxVolume } from '../../../src/lab/portworx/cluster-state.js';

export const GIB = 1024 ** 3;
export const MIB = 1024 ** 2;

/** Node names and data IPs of the three-node GKE cluster in the sample `pxctl volume inspect` output. */
export const SAMPLE_NODES = [
  { id: '5ac1e3a4-0001-4c9e-9a51-0a3f0b000002', name: 'gke-gke-px-default-pool-177a3f0b-0x1a', ip: '10.240.0.2' },
  { id: '5ac1e3a4-0002-4c9e-9a51-0a3f0b000003', name: 'gke-gke-px-default-pool-177a3f0b-st0n', ip: '10.240.0.3' },
  { id: '5ac1e3a4-0003-4c9e-9a51-0a3f0b000004', name: 'gke-gke-px-default-pool-177a3f0b-9kq2', ip: '10.240.0.4' },
] as const;

export const ATTACHED_NODE = SAMPLE_NODES[1];

/** The exact text of the sample `pxctl volume inspect` output for an attached MySQL volume. */
export const SAMPLE_INSPECT_TEXT = [
  'Volume\t:  549063659345266352',
  '\tName            \t :  pvc-ebe875f5-99e8-11e8-9de8-42010aa00fdd',
  '\tSize            \t :  1.0 GiB',
  '\tFormat          \t :  xfs',
  '\tHA              \t :  3',
  '\tIO Priority     \t :  LOW',
  '\tCreation time   \t :  Aug 7 02:23:50 UTC 2018',
  '\tShared          \t :  no',
  '\tStatus          \t :  up',
  '\tState           \t :  Attached: gke-gke-px-default-pool-177a3f0b-st0n (10.240.0.3)',
  '\tDevice Path     \t :  /dev/pxd/pxd549063659345266352',
  '\tLabels          \t :  namespace=default,pvc=px-mysql-pvc',
  '\tReads           \t :  77',
  '\tReads MS        \t :  64',
  '\tBytes Read      \t :  339968',
  '\tWrites          \t :  481',
  '\tWrites MS       \t :  10220',
  '\tBytes Written   \t :  166514688',
  '\tIOs in progress \t :  0',
  '\tBytes used      \t :  126 MiB',
  '\tReplica sets on nodes:',
  '\t\tSet 0',
  '\t\t  Node \t\t : 10.240.0.4 (Pool 0)',
  '\t\t  Node \t\t : 10.240.0.2 (Pool 0)',
  '\t\t  Node \t\t : 10.240.0.3 (Pool 0)',
  '\tReplication Status\t :  Up',
  '\tVolume consumers\t :',
  '\t\t- Name           : mysql-8776f4ff-p7b22 (2b1c0719-99e9-11e8-9de8-42010aa00fdd) (Pod)',
  '\t\t  Namespace      : default',
  '\t\t  Running on     : gke-gke-px-default-pool-177a3f0b-st0n',
  '\t\t  Controlled by  : mysql-8776f4ff (ReplicaSet)',
  '',
].join('\n');

/** Builds the sample cluster: three online nodes and the attached MySQL volume of the sample. */
export function buildSampleCluster(): { state: PortworxClusterState; volume: PortworxVolume } {
  const state = new PortworxClusterState('px-cluster', '0c8e7a7e-3d1f-4c53-9a2b-6c2f5f8a1d10');
  for (const node of SAMPLE_NODES) state.addNode({ ...node, online: true });

  // The state's first allocated id is the sample's volume id.
  const volume: PortworxVolume = {
    id: state.allocateVolumeId(),
    name: 'pvc-ebe875f5-99e8-11e8-9de8-42010aa00fdd',
    sizeBytes: GIB,
    format: 'xfs',
    haLevel: 3,
    ioPriority: 'LOW',
    ioProfile: 'db',
    createdAt: new Date('2018-08-07T02:23:50Z'),
    shared: false,
    labels: { namespace: 'default', pvc: 'px-mysql-pvc' },
    replicaNodeIds: [SAMPLE_NODES[2].id, SAMPLE_NODES[0].id, SAMPLE_NODES[1].id],
    attachedNodeName: ATTACHED_NODE.name,
    parentId: undefined,
    snapshot: false,
    stats: {
      reads: 77,
      readMs: 64,
      bytesRead: 339968,
      writes: 481,
      writeMs: 10220,
      bytesWritten: 166514688,
      iosInProgress: 0,
      bytesUsed: 126 * MIB,
    },
    consumers: [
      {
        name: 'mysql-8776f4ff-p7b22',
        uid: '2b1c0719-99e9-11e8-9de8-42010aa00fdd',
        namespace: 'default',
        runningOn: ATTACHED_NODE.name,
        ownerKind: 'ReplicaSet',
        ownerName: 'mysql-8776f4ff',
      },
    ],
  };
  state.addVolume(volume);
  return { state, volume };
}

/** Adds a detached 2 GiB volume with two replicas and no consumers. */
export function addDetachedVolume(state: PortworxClusterState): PortworxVolume {
  const volume: PortworxVolume = {
    id: state.allocateVolumeId(),
    name: 'pvc-0d6c1b52-detached',
    sizeBytes: 2 * GIB,
    format: 'ext4',
    haLevel: 2,
    ioPriority: 'HIGH',
    ioProfile: 'db_remote',
    createdAt: new Date('2024-01-15T09:05:07Z'),
    shared: false,
    labels: { namespace: 'orders', pvc: 'orders-db' },
    replicaNodeIds: [SAMPLE_NODES[0].id, SAMPLE_NODES[2].id],
    attachedNodeName: undefined,
    parentId: undefined,
    snapshot: false,
    stats: { reads: 0, readMs: 0, bytesRead: 0, writes: 0, writeMs: 0, bytesWritten: 0, iosInProgress: 0, bytesUsed: 33 * MIB },
    consumers: [],
  };
  state.addVolume(volume);
  return volume;
}

/** Marks a node offline by name. */
export function takeNodeOffline(state: PortworxClusterState, name: string): void {
  const node = state.nodeByName(name);
  if (!node) throw new Error(`no node ${name} in the sample cluster`);
  node.online = false;
}
