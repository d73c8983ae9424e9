import type { PortworxClusterState, PortworxVolume } from './cluster-state.js';
import { formatRfc3339 } from './pxctl-format.js';
import { volumeStatusOf } from './replication-status.js';

/**
 * Builds the openstorage `api.Volume` object that `pxctl volume inspect -j` prints.
 *
 * Field names are the proto names from openstorage's api.proto. Values take the forms of
 * Portworx's published `-j` samples: 64-bit integers as decimal strings ("1073741824"), enums in
 * openstorage's short lower-case form ("xfs", "up", "attached", "low") except `attached_state`,
 * which keeps its full enum name, and times as RFC 3339 strings. Replica sets and `attached_on`
 * hold Portworx node ids, not addresses.
 */
export function buildVolumeJson(volume: PortworxVolume, state: PortworxClusterState): Record<string, unknown> {
  const attachedNode = volume.attachedNodeName === undefined ? undefined : state.nodeByName(volume.attachedNodeName);
  const attached = volume.attachedNodeName !== undefined;
  const ctime = formatRfc3339(volume.createdAt);

  return {
    id: volume.id,
    source: { parent: volume.parentId ?? '', seed: '' },
    readonly: volume.snapshot,
    locator: { name: volume.name, volume_labels: { ...volume.labels } },
    ctime,
    spec: {
      ephemeral: false,
      size: String(volume.sizeBytes),
      format: volume.format,
      block_size: '4096',
      ha_level: String(volume.haLevel),
      cos: volume.ioPriority.toLowerCase(),
      io_profile: volume.ioProfile,
      dedupe: false,
      snapshot_interval: 0,
      volume_labels: { ...volume.labels },
      shared: volume.shared,
      aggregation_level: 1,
      encrypted: false,
      passphrase: '',
      snapshot_schedule: '',
      scale: 0,
      sticky: false,
      group_enforced: false,
      compressed: false,
      cascaded: false,
      journal: false,
      sharedv4: false,
    },
    usage: String(volume.stats.bytesUsed),
    last_scan: ctime,
    format: volume.format,
    status: volumeStatusOf(volume, state),
    state: attached ? 'attached' : 'detached',
    attached_on: attached ? (attachedNode?.id ?? volume.attachedNodeName) : '',
    attached_state: attached ? 'ATTACH_STATE_EXTERNAL' : 'ATTACH_STATE_INTERNAL_SWITCH',
    device_path: attached ? `/dev/pxd/pxd${volume.id}` : '',
    secure_device_path: '',
    replica_sets: [{ nodes: [...volume.replicaNodeIds] }],
    runtime_state: [
      {
        runtime_state: {
          ID: '0',
          ReplicaSetCurrMid: volume.replicaNodeIds.join(','),
          ReplicaSetNextMid: volume.replicaNodeIds.join(','),
          RuntimeState: 'clean',
        },
      },
    ],
    error: '',
    volume_consumers: volume.consumers.map((consumer) => ({
      name: consumer.name,
      namespace: consumer.namespace,
      type: 'Pod',
      node_id: consumer.runningOn,
      owner_name: consumer.ownerName,
      owner_type: consumer.ownerKind,
    })),
    fs_resize_required: false,
  };
}
