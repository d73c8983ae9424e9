import type { PortworxClusterState, PortworxNode } from './cluster-state.js';
import { hasFlag, type ParsedCommandLine } from './pxctl-args.js';
import { formatBinaryBytes, formatTabTable, GIB } from './pxctl-format.js';
import { failure, success, type PxctlResult } from './pxctl-result.js';

/**
 * Usable capacity of each lab node's single storage pool. The cluster state does not model pool
 * sizes, so every node reports this figure.
 */
export const LAB_POOL_CAPACITY_BYTES = 100 * GIB;

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Runs `pxctl status` on the node named `nodeName`, in the section layout of the real tool:
 * status, this node's pool and devices, the cluster summary with one row per node (this node's
 * row marked "(This node)"), and the global storage pool.
 */
export function runStatus(
  parsed: ParsedCommandLine,
  state: PortworxClusterState,
  context: { nodeName: string; now: Date },
): PxctlResult {
  const thisNode = state.nodeByName(context.nodeName);
  if (!thisNode || !thisNode.online) return failure('PX is not running on this host');

  const nodes = [...state.nodes.values()];
  const usedByNode = new Map(nodes.map((node) => [node.id, usedBytesOn(node, state)]));
  // NOTE: the real tool also prints status as JSON; the lab has no sample of that shape to follow.
  if (hasFlag(parsed, 'json')) return failure('Error: the lab pxctl prints status only as text');

  const thisUsed = formatBinaryBytes(usedByNode.get(thisNode.id) ?? 0);
  const capacity = formatBinaryBytes(LAB_POOL_CAPACITY_BYTES);
  const lines = [
    'Status: PX is operational',
    'License: Trial (simulated by the pxmysql lab)',
    `Node ID: ${thisNode.id}`,
    `\tIP: ${thisNode.ip} `,
    ' \tLocal Storage Pool: 1 pool',
    '\tPOOL\tIO_PRIORITY\tRAID_LEVEL\tUSABLE\tUSED\tSTATUS\tZONE\tREGION',
    `\t0\tHIGH\t\traid0\t\t${capacity}\t${thisUsed}\tOnline\tdefault\tdefault`,
    '\tLocal Storage Devices: 1 device',
    '\tDevice\tPath\t\tMedia Type\t\tSize\t\tLast-Scan',
    `\t0:1\t/dev/sdb\tSTORAGE_MEDIUM_SSD\t${capacity}\t\t${formatScanTime(context.now)}`,
    `\ttotal\t\t\t-\t\t\t${capacity}`,
    '\tCache Devices:',
    '\t * No cache devices',
    'Cluster Summary',
    `\tCluster ID: ${state.clusterName}`,
    `\tCluster UUID: ${state.clusterUuid}`,
    '\tScheduler: kubernetes',
    `\tNodes: ${nodes.length} node(s) with storage (${nodes.filter((node) => node.online).length} online)`,
  ];

  const header = ['IP', 'ID', 'SchedulerNodeName', 'StorageNode', 'Used', 'Capacity', 'Status', 'StorageStatus', 'Version', 'Kernel', 'OS'];
  const rows = nodes.map((node) => [
    node.ip,
    node.id,
    node.name,
    'Yes',
    formatBinaryBytes(usedByNode.get(node.id) ?? 0),
    capacity,
    node.online ? 'Online' : 'Offline',
    (node.online ? 'Up' : 'Down') + (node.id === thisNode.id ? ' (This node)' : ''),
    'lab',
    'lab',
    'pxmysql lab',
  ]);
  const table = formatTabTable([header, ...rows]).split('\n').filter((line) => line !== '');
  lines.push(...table.map((line) => `\t${line}`));

  const totalUsed = [...usedByNode.values()].reduce((sum, used) => sum + used, 0);
  lines.push(
    'Global Storage Pool',
    `\tTotal Used    \t:  ${formatBinaryBytes(totalUsed)}`,
    `\tTotal Capacity\t:  ${formatBinaryBytes(LAB_POOL_CAPACITY_BYTES * nodes.length)}`,
  );
  return success(lines.map((line) => `${line}\n`).join(''));
}

/** Bytes used on a node: the used bytes of every volume with a replica there. */
function usedBytesOn(node: PortworxNode, state: PortworxClusterState): number {
  let used = 0;
  for (const volume of state.volumes.values()) {
    if (volume.replicaNodeIds.includes(node.id)) used += volume.stats.bytesUsed;
  }
  return used;
}

/** Formats a device scan time as pxctl does: "07 Aug 25 13:51 UTC". */
function formatScanTime(date: Date): string {
  const day = String(date.getUTCDate()).padStart(2, '0');
  const year = String(date.getUTCFullYear() % 100).padStart(2, '0');
  const clock = `${String(date.getUTCHours()).padStart(2, '0')}:${String(date.getUTCMinutes()).padStart(2, '0')}`;
  return `${day} ${MONTHS[date.getUTCMonth()] ?? ''} ${year} ${clock} UTC`;
}
