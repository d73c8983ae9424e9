import type { PortworxClusterState, PortworxVolume } from './cluster-state.js';
import { PxctlUsageError, hasFlag, type ParsedCommandLine } from './pxctl-args.js';
import { formatListSize, formatTabTable } from './pxctl-format.js';
import { success, type PxctlResult } from './pxctl-result.js';
import { buildVolumeJson } from './pxctl-volume-json.js';
import { volumeStatusOf } from './replication-status.js';

const HEADER = ['ID', 'NAME', 'SIZE', 'HA', 'SHARED', 'ENCRYPTED', 'PROXY-VOLUME', 'IO_PRIORITY', 'STATUS', 'SNAP-ENABLED'];

/**
 * Runs `pxctl volume list`. `--label k=v[,k=v]` keeps volumes that carry every pair, `--name`
 * keeps one name, `--all` adds snapshots and `--snapshot` shows only snapshots.
 */
export function runVolumeList(parsed: ParsedCommandLine, state: PortworxClusterState): PxctlResult {
  if (parsed.positionals.length > 0) {
    throw new PxctlUsageError(`unexpected argument "${parsed.positionals[0]}"; volume list takes only flags`);
  }
  const requiredLabels = parseLabelSelector(parsed.flags.get('label'));
  const nameFilter = parsed.flags.get('name');
  const includeSnapshots = hasFlag(parsed, 'all');
  const onlySnapshots = hasFlag(parsed, 'snapshot');

  const volumes = [...state.volumes.values()].filter((volume) => {
    if (onlySnapshots ? !volume.snapshot : volume.snapshot && !includeSnapshots) return false;
    if (nameFilter !== undefined && volume.name !== nameFilter) return false;
    return Object.entries(requiredLabels).every(([key, value]) => volume.labels[key] === value);
  });

  if (hasFlag(parsed, 'json')) {
    return success(`${JSON.stringify(volumes.map((volume) => buildVolumeJson(volume, state)), null, 1)}\n`);
  }
  const rows = volumes.map((volume) => [
    volume.id,
    volume.name,
    formatListSize(volume.sizeBytes),
    String(volume.haLevel),
    volume.shared ? 'yes' : 'no',
    'no',
    'no',
    volume.ioPriority,
    describeListStatus(volume, state),
    'no',
  ]);
  return success(formatTabTable([HEADER, ...rows]));
}

/** Parses `k=v[,k=v]`; an entry without `=` is a usage error. */
export function parseLabelSelector(selector: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  if (selector === undefined || selector === '') return labels;
  for (const pair of selector.split(',')) {
    const equals = pair.indexOf('=');
    if (equals <= 0) throw new PxctlUsageError(`invalid label "${pair}": expected name=value`);
    labels[pair.slice(0, equals)] = pair.slice(equals + 1);
  }
  return labels;
}

/** "up - attached on <node IP>" or "up - detached", as the STATUS column shows. */
function describeListStatus(volume: PortworxVolume, state: PortworxClusterState): string {
  const status = volumeStatusOf(volume, state);
  if (volume.attachedNodeName === undefined) return `${status} - detached`;
  const address = state.nodeByName(volume.attachedNodeName)?.ip ?? volume.attachedNodeName;
  return `${status} - attached on ${address}`;
}
