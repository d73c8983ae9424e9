import type { PortworxClusterState, PortworxVolume } from './cluster-state.js';
import { hasFlag, type ParsedCommandLine } from './pxctl-args.js';
import { formatBinaryBytes, formatCreationTime } from './pxctl-format.js';
import type { PxctlResult } from './pxctl-result.js';
import { buildVolumeJson } from './pxctl-volume-json.js';
import { replicationStatusOf, volumeStatusOf } from './replication-status.js';
import { findVolumeOrError } from './pxctl-volume-lookup.js';

/** Width of the label column in `volume inspect`; labels are padded with spaces to it. */
const LABEL_WIDTH = 16;
/** Width of the labels inside a volume consumer entry. */
const CONSUMER_LABEL_WIDTH = 15;

/** Runs `pxctl volume inspect [-j] <id|name> [...]`. */
export function runVolumeInspect(parsed: ParsedCommandLine, state: PortworxClusterState): PxctlResult {
  if (parsed.positionals.length === 0) {
    return { stdout: '', stderr: 'Error: volume name or ID is required\n', exitCode: 1 };
  }

  const found: PortworxVolume[] = [];
  let stderr = '';
  for (const reference of parsed.positionals) {
    const lookup = findVolumeOrError(state, reference);
    if (lookup.volume) found.push(lookup.volume);
    else stderr += `${lookup.error}\n`;
  }

  const stdout = hasFlag(parsed, 'json')
    ? `${JSON.stringify(found.map((volume) => buildVolumeJson(volume, state)), null, 1)}\n`
    : found.map((volume) => formatVolumeInspectText(volume, state)).join('');
  return { stdout, stderr, exitCode: stderr === '' ? 0 : 1 };
}

/** Formats one volume in the layout of `pxctl volume inspect`, ending with a newline. */
export function formatVolumeInspectText(volume: PortworxVolume, state: PortworxClusterState): string {
  const lines: string[] = [`Volume\t:  ${volume.id}`];
  const field = (label: string, value: string | number): void => {
    lines.push(`\t${label.padEnd(LABEL_WIDTH)}\t :  ${value}`);
  };

  field('Name', volume.name);
  field('Size', formatBinaryBytes(volume.sizeBytes));
  field('Format', volume.format);
  field('HA', volume.haLevel);
  field('IO Priority', volume.ioPriority);
  field('Creation time', formatCreationTime(volume.createdAt));
  field('Shared', volume.shared ? 'yes' : 'no');
  field('Status', volumeStatusOf(volume, state));
  field('State', describeAttachState(volume, state));
  if (volume.attachedNodeName !== undefined) field('Device Path', `/dev/pxd/pxd${volume.id}`);
  const labels = Object.entries(volume.labels);
  if (labels.length > 0) field('Labels', labels.map(([key, value]) => `${key}=${value}`).join(','));

  field('Reads', volume.stats.reads);
  field('Reads MS', volume.stats.readMs);
  field('Bytes Read', volume.stats.bytesRead);
  field('Writes', volume.stats.writes);
  field('Writes MS', volume.stats.writeMs);
  field('Bytes Written', volume.stats.bytesWritten);
  field('IOs in progress', volume.stats.iosInProgress);
  field('Bytes used', formatBinaryBytes(volume.stats.bytesUsed));

  lines.push('\tReplica sets on nodes:', '\t\tSet 0');
  for (const nodeId of volume.replicaNodeIds) {
    const address = state.nodes.get(nodeId)?.ip ?? nodeId;
    lines.push(`\t\t  Node \t\t : ${address} (Pool 0)`);
  }
  lines.push(`\tReplication Status\t :  ${replicationStatusOf(volume, state)}`);

  if (volume.consumers.length > 0) {
    lines.push('\tVolume consumers\t :');
    for (const consumer of volume.consumers) {
      lines.push(`\t\t- ${'Name'.padEnd(CONSUMER_LABEL_WIDTH)}: ${consumer.name} (${consumer.uid}) (Pod)`);
      lines.push(`\t\t  ${'Namespace'.padEnd(CONSUMER_LABEL_WIDTH)}: ${consumer.namespace}`);
      lines.push(`\t\t  ${'Running on'.padEnd(CONSUMER_LABEL_WIDTH)}: ${consumer.runningOn}`);
      lines.push(`\t\t  ${'Controlled by'.padEnd(CONSUMER_LABEL_WIDTH)}: ${consumer.ownerName} (${consumer.ownerKind})`);
    }
  }

  return lines.map((line) => `${line}\n`).join('');
}

/** "Attached: <node name> (<node IP>)" or "detached". */
function describeAttachState(volume: PortworxVolume, state: PortworxClusterState): string {
  if (volume.attachedNodeName === undefined) return 'detached';
  const node = state.nodeByName(volume.attachedNodeName);
  return node ? `Attached: ${node.name} (${node.ip})` : `Attached: ${volume.attachedNodeName}`;
}
