/**
 * In-memory state of the lab's simulated Portworx cluster: its nodes and volumes. The lab's
 * Kubernetes objects (PVs, pods) refer to volumes by name; `pxctl` in a portworx pod reads and
 * changes this state.
 */

export interface PortworxNode {
  /** Portworx node id (a UUID on a real cluster). */
  id: string;
  /** Kubernetes node name. */
  name: string;
  /** Data IP that `pxctl` prints for replica sets, e.g. 127.0.10.2 in the lab. */
  ip: string;
  /** Whether the node's Portworx service is up; a node taken down in the lab is offline. */
  online: boolean;
}

export interface VolumeStats {
  reads: number;
  readMs: number;
  bytesRead: number;
  writes: number;
  writeMs: number;
  bytesWritten: number;
  iosInProgress: number;
  bytesUsed: number;
}

export interface VolumeConsumer {
  name: string;
  uid: string;
  namespace: string;
  runningOn: string;
  ownerKind: string;
  ownerName: string;
}

export interface PortworxVolume {
  /** Numeric volume id, as a decimal string (it exceeds 2^53). */
  id: string;
  /** Volume name; for a dynamically provisioned volume it equals the PV name (`pvc-<uid>`). */
  name: string;
  sizeBytes: number;
  format: 'xfs' | 'ext4' | 'none';
  haLevel: number;
  ioPriority: 'LOW' | 'MEDIUM' | 'HIGH';
  ioProfile: 'db' | 'db_remote' | 'sequential' | 'random' | 'cms' | 'sync_shared' | 'auto' | 'none';
  createdAt: Date;
  shared: boolean;
  labels: Record<string, string>;
  /** Portworx node ids that hold a replica, in replica-set order. */
  replicaNodeIds: string[];
  /** Kubernetes node name the volume is attached on, or undefined when detached. */
  attachedNodeName: string | undefined;
  /** Id of the parent volume when this volume is a snapshot. */
  parentId: string | undefined;
  /** True for a snapshot volume (read-only, never attached). */
  snapshot: boolean;
  stats: VolumeStats;
  consumers: VolumeConsumer[];
}

export class PortworxClusterState {
  readonly clusterName: string;
  readonly clusterUuid: string;
  readonly nodes = new Map<string, PortworxNode>();
  readonly volumes = new Map<string, PortworxVolume>();
  private nextVolumeId = 549063659345266352n;

  constructor(clusterName: string, clusterUuid: string) {
    this.clusterName = clusterName;
    this.clusterUuid = clusterUuid;
  }

  addNode(node: PortworxNode): void {
    this.nodes.set(node.id, node);
  }

  nodeByName(name: string): PortworxNode | undefined {
    for (const node of this.nodes.values()) if (node.name === name) return node;
    return undefined;
  }

  /** Allocates the next volume id (decimal string). */
  allocateVolumeId(): string {
    const id = this.nextVolumeId;
    this.nextVolumeId += 1_000_003n;
    return id.toString();
  }

  addVolume(volume: PortworxVolume): void {
    this.volumes.set(volume.id, volume);
  }

  /** Finds a volume by id or by name, as `pxctl` accepts either. */
  findVolume(idOrName: string): PortworxVolume | undefined {
    const byId = this.volumes.get(idOrName);
    if (byId) return byId;
    for (const volume of this.volumes.values()) if (volume.name === idOrName) return volume;
    return undefined;
  }
}
