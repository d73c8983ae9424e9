import type { PortworxClusterState, PortworxVolume } from './cluster-state.js';

/**
 * Replication status as `pxctl volume inspect` prints it. "Up", "Detached" and "Resync" appear
 * in Portworx's published outputs; the lab never prints "Resync" because it replicates at once.
 */
export type ReplicationStatus = 'Up' | 'Degraded' | 'Not in quorum' | 'Detached';

/** Counts the replicas of a volume whose node is known and online. */
export function countOnlineReplicas(volume: PortworxVolume, state: PortworxClusterState): number {
  return volume.replicaNodeIds.filter((nodeId) => state.nodes.get(nodeId)?.online === true).length;
}

/**
 * Returns whether enough replicas are online for I/O: at least half of them (2 of 3, 1 of 2, 1 of 1).
 * NOTE: Portworx's exact quorum rule for two replicas is not checked against the real product.
 */
export function isVolumeInQuorum(volume: PortworxVolume, state: PortworxClusterState): boolean {
  const online = countOnlineReplicas(volume, state);
  return online > 0 && online * 2 >= volume.replicaNodeIds.length;
}

/**
 * Derives the replication status line: "Detached" for a detached volume, as the real tool prints,
 * otherwise "Up" when every replica node is online, "Degraded" when some are offline but the
 * volume keeps quorum, and "Not in quorum" when it does not.
 * NOTE: the "Degraded" and "Not in quorum" wording is not confirmed from a real pxctl output.
 */
export function replicationStatusOf(volume: PortworxVolume, state: PortworxClusterState): ReplicationStatus {
  if (volume.attachedNodeName === undefined) return 'Detached';
  if (!isVolumeInQuorum(volume, state)) return 'Not in quorum';
  const online = countOnlineReplicas(volume, state);
  return online === volume.replicaNodeIds.length ? 'Up' : 'Degraded';
}

/** Volume status as pxctl prints it: "up", or "down" when the volume has lost quorum. */
export function volumeStatusOf(volume: PortworxVolume, state: PortworxClusterState): 'up' | 'down' {
  return isVolumeInQuorum(volume, state) ? 'up' : 'down';
}
