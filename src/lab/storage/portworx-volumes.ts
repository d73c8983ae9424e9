import type { PortworxNode, PortworxVolume } from '../portworx/cluster-state.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';
import { GIB } from './storage-names.js';

/** Settings of a new Portworx volume beyond the defaults of an empty, detached volume. */
export interface NewVolumeSpec {
  name: string;
  sizeBytes: number;
  format: PortworxVolume['format'];
  ioProfile: PortworxVolume['ioProfile'];
  ioPriority: PortworxVolume['ioPriority'];
  labels: Record<string, string>;
  /** Portworx node ids that get a replica, in replica-set order. */
  replicaNodeIds: string[];
  parentId?: string;
  snapshot?: boolean;
}

/** Raised when a volume cannot be created as requested. Controllers report it as a Warning event. */
export class ProvisioningError extends Error {
  override name = 'ProvisioningError';
}

/** Rounds a byte count up to whole GiB, as Portworx allocates volumes. */
export function roundUpToGib(bytes: number): number {
  return Math.max(1, Math.ceil(bytes / GIB)) * GIB;
}

/** True when the Portworx node is up and its lab node is not taken down. */
export function isNodeOnline(runtime: LabRuntime, node: PortworxNode): boolean {
  return node.online && !runtime.nodes.isDown(node.name);
}

/**
 * Chooses `count` distinct online nodes for a new volume's replicas, the nodes with the fewest
 * replicas first (then by name), so volumes spread across the cluster. Throws a ProvisioningError
 * when fewer than `count` nodes are online.
 */
export function chooseReplicaNodes(runtime: LabRuntime, count: number): string[] {
  const replicasPerNode = new Map<string, number>();
  for (const volume of runtime.portworx.volumes.values()) {
    for (const nodeId of volume.replicaNodeIds) replicasPerNode.set(nodeId, (replicasPerNode.get(nodeId) ?? 0) + 1);
  }
  const online = [...runtime.portworx.nodes.values()].filter((node) => isNodeOnline(runtime, node));
  if (online.length < count) {
    throw new ProvisioningError(
      `cannot place ${count} replicas: only ${online.length} of ${runtime.portworx.nodes.size} Portworx nodes are online, so lower repl in the StorageClass or bring nodes back online`,
    );
  }
  online.sort((a, b) => (replicasPerNode.get(a.id) ?? 0) - (replicasPerNode.get(b.id) ?? 0) || a.name.localeCompare(b.name));
  return online.slice(0, count).map((node) => node.id);
}

/** Adds a new detached Portworx volume with a freshly allocated id and returns it. */
export function addPortworxVolume(runtime: LabRuntime, spec: NewVolumeSpec): PortworxVolume {
  const volume: PortworxVolume = {
    id: runtime.portworx.allocateVolumeId(),
    name: spec.name,
    sizeBytes: spec.sizeBytes,
    format: spec.format,
    haLevel: spec.replicaNodeIds.length,
    ioPriority: spec.ioPriority,
    ioProfile: spec.ioProfile,
    createdAt: runtime.now(),
    shared: false,
    labels: { ...spec.labels },
    replicaNodeIds: [...spec.replicaNodeIds],
    attachedNodeName: undefined,
    parentId: spec.parentId,
    snapshot: spec.snapshot ?? false,
    stats: { reads: 0, readMs: 0, bytesRead: 0, writes: 0, writeMs: 0, bytesWritten: 0, iosInProgress: 0, bytesUsed: 0 },
    consumers: [],
  };
  runtime.portworx.addVolume(volume);
  return volume;
}

/** Finds a volume by exact name (volume names are unique in a Portworx cluster). */
export function findVolumeByName(runtime: LabRuntime, name: string): PortworxVolume | undefined {
  for (const volume of runtime.portworx.volumes.values()) if (volume.name === name) return volume;
  return undefined;
}
