import type { PortworxClusterState, PortworxNode, PortworxVolume } from './cluster-state.js';
import { PxctlUsageError, type ParsedCommandLine } from './pxctl-args.js';
import { GIB, formatBinaryBytes } from './pxctl-format.js';
import { failure, success, type PxctlResult } from './pxctl-result.js';
import { findVolumeOrError } from './pxctl-volume-lookup.js';

/** Highest replication factor Portworx accepts. */
const MAX_HA_LEVEL = 3;

/**
 * Runs `pxctl volume update <id|name> --size=N`: grows the volume to N GiB. A smaller size is
 * rejected; the same size succeeds without a change. Like the real tool, the success line names
 * the volume as the caller wrote it.
 */
export function runVolumeUpdate(parsed: ParsedCommandLine, state: PortworxClusterState): PxctlResult {
  const reference = singleVolumeArgument(parsed, 'volume update');
  const sizeText = parsed.flags.get('size');
  if (sizeText === undefined) throw new PxctlUsageError('nothing to update: pass --size=<GiB>');
  const sizeGib = parsePositiveInteger(sizeText, '--size');

  const lookup = findVolumeOrError(state, reference);
  if (!lookup.volume) return failure(`Update Volume: ${lookup.error}`);
  const volume = lookup.volume;
  if (volume.snapshot) return failure(`Update Volume: cannot resize snapshot ${reference}, it is read-only`);

  const newSizeBytes = sizeGib * GIB;
  if (newSizeBytes < volume.sizeBytes) {
    return failure(
      `Update Volume: Failed to update volume ${reference}: new size ${sizeGib} GiB is smaller than the ` +
        `current size ${formatBinaryBytes(volume.sizeBytes)}; volumes can only grow`,
    );
  }
  volume.sizeBytes = newSizeBytes;
  return success(`Update Volume: Volume update successful for volume ${reference}\n`);
}

/**
 * Runs `pxctl volume ha-update --repl N [--node X] <id|name>`. N may differ from the current HA
 * level by one. Growing adds a replica on `--node` or on the first online node without one.
 * Shrinking removes the replica on `--node`. Without `--node` it removes an offline replica, or
 * else the last replica that is not on the attached node. `--node` accepts a node id, IP or name.
 * NOTE: the lab completes the change at once; a real cluster shows "Resync" while it copies data.
 */
export function runVolumeHaUpdate(parsed: ParsedCommandLine, state: PortworxClusterState): PxctlResult {
  const reference = singleVolumeArgument(parsed, 'volume ha-update');
  const replText = parsed.flags.get('repl');
  if (replText === undefined) throw new PxctlUsageError('required flag "repl" not set');
  const targetLevel = parsePositiveInteger(replText, '--repl');
  if (targetLevel > MAX_HA_LEVEL) throw new PxctlUsageError(`invalid --repl ${targetLevel}: must be between 1 and ${MAX_HA_LEVEL}`);

  const lookup = findVolumeOrError(state, reference);
  if (!lookup.volume) return failure(`Update Volume Replication: ${lookup.error}`);
  const volume = lookup.volume;
  const prefix = `Update Volume Replication: Failed to update replication for volume ${reference}`;

  const currentLevel = volume.replicaNodeIds.length;
  if (targetLevel === currentLevel) return failure(`${prefix}: HA level is already ${currentLevel}`);
  if (Math.abs(targetLevel - currentLevel) !== 1) {
    return failure(`${prefix}: HA level can change by one at a time (current ${currentLevel}, requested ${targetLevel})`);
  }

  const nodeReference = parsed.flags.get('node');
  const requestedNode = nodeReference === undefined ? undefined : findNode(state, nodeReference);
  if (nodeReference !== undefined && !requestedNode) return failure(`${prefix}: node ${nodeReference} not found`);

  const outcome =
    targetLevel > currentLevel ? addReplica(volume, state, requestedNode) : removeReplica(volume, state, requestedNode);
  if (outcome !== undefined) return failure(`${prefix}: ${outcome}`);

  volume.haLevel = volume.replicaNodeIds.length;
  return success(`Update Volume Replication: Replication update started successfully for volume ${reference}\n`);
}

/** Adds one replica; returns an error reason, or undefined on success. */
function addReplica(volume: PortworxVolume, state: PortworxClusterState, requested: PortworxNode | undefined): string | undefined {
  if (requested) {
    if (volume.replicaNodeIds.includes(requested.id)) return `node ${requested.name} already holds a replica`;
    if (!requested.online) return `node ${requested.name} is offline`;
    volume.replicaNodeIds.push(requested.id);
    return undefined;
  }
  const candidate = [...state.nodes.values()].find((node) => node.online && !volume.replicaNodeIds.includes(node.id));
  if (!candidate) return 'no online node without a replica of this volume';
  volume.replicaNodeIds.push(candidate.id);
  return undefined;
}

/** Removes one replica; returns an error reason, or undefined on success. */
function removeReplica(volume: PortworxVolume, state: PortworxClusterState, requested: PortworxNode | undefined): string | undefined {
  let victimId: string | undefined;
  if (requested) {
    if (!volume.replicaNodeIds.includes(requested.id)) return `node ${requested.name} holds no replica of this volume`;
    victimId = requested.id;
  } else {
    const attachedId = volume.attachedNodeName === undefined ? undefined : state.nodeByName(volume.attachedNodeName)?.id;
    const offline = volume.replicaNodeIds.find((nodeId) => state.nodes.get(nodeId)?.online !== true);
    victimId = offline ?? [...volume.replicaNodeIds].reverse().find((nodeId) => nodeId !== attachedId);
  }
  if (victimId === undefined) return 'no replica can be removed';
  volume.replicaNodeIds = volume.replicaNodeIds.filter((nodeId) => nodeId !== victimId);
  return undefined;
}

function findNode(state: PortworxClusterState, reference: string): PortworxNode | undefined {
  return [...state.nodes.values()].find((node) => node.id === reference || node.ip === reference || node.name === reference);
}

function singleVolumeArgument(parsed: ParsedCommandLine, command: string): string {
  const [reference, extra] = parsed.positionals;
  if (reference === undefined) throw new PxctlUsageError(`${command} needs a volume name or ID`);
  if (extra !== undefined) throw new PxctlUsageError(`${command} takes one volume, got "${extra}" too`);
  return reference;
}

function parsePositiveInteger(text: string, flag: string): number {
  if (!/^\d+$/.test(text) || Number(text) < 1) {
    throw new PxctlUsageError(`invalid argument "${text}" for "${flag}" flag: expected a positive whole number`);
  }
  return Number(text);
}
