import { PxmysqlError } from '../errors.js';
import { parsePrintedSize } from './parse-size.js';
import type { VolumeConsumerSummary, VolumeSummary } from './volume-summary.js';

/** A line "Label : value"; the label stops at the first colon, so values may contain colons. */
const FIELD_LINE = /^\s*(-\s+)?([^:]+?)\s*:\s*(.*?)\s*$/;
/** The first line of each volume: "Volume\t:  <id>". */
const VOLUME_LINE = /^Volume\s*:\s*(\S+)\s*$/;

type Section = 'fields' | 'replicas' | 'consumers';

/**
 * Parses the text output of `pxctl volume inspect`, which may hold several volumes. Tolerates
 * any mix of tabs and spaces around labels ("Set 0" and "Set  0" both occur), optional lines
 * (Device Path, Labels, statistics, Replication Status, Volume consumers) and unknown lines,
 * which it skips. Throws `pxctl_output_invalid` when no volume is found or a volume lacks Name,
 * Size, Format, HA, IO Priority, Status or State. Labels are split at commas, so a label value
 * that contains a comma is misread; the JSON output has no such limit.
 */
export function parseVolumeInspectText(stdout: string): VolumeSummary[] {
  const blocks: Array<{ id: string; lines: string[] }> = [];
  for (const line of stdout.split(/\r?\n/)) {
    const start = VOLUME_LINE.exec(line);
    if (start) blocks.push({ id: start[1] ?? '', lines: [] });
    else if (line.trim() !== '') blocks.at(-1)?.lines.push(line);
  }
  if (blocks.length === 0) throw invalidOutput('no "Volume :" line found');

  return blocks.map((block) => parseVolumeBlock(block.id, block.lines));
}

function parseVolumeBlock(id: string, lines: string[]): VolumeSummary {
  const fields = new Map<string, string>();
  const replicaNodes: string[] = [];
  const consumers: VolumeConsumerSummary[] = [];
  let section: Section = 'fields';

  for (const line of lines) {
    const match = FIELD_LINE.exec(line);
    const trimmed = line.trim();
    if (/^Replica sets on nodes\s*:?$/.test(trimmed)) {
      section = 'replicas';
      continue;
    }
    if (/^Set\s+\d+$/.test(trimmed) || !match) continue;

    const [, dash, label = '', value = ''] = match;
    if (label === 'Volume consumers') {
      section = 'consumers';
      continue;
    }
    if (section === 'replicas' && label === 'Node') {
      const address = value.split(/\s+/)[0];
      if (address) replicaNodes.push(address);
      continue;
    }
    if (section === 'consumers') {
      readConsumerLine(consumers, dash !== undefined, label, value);
      continue;
    }
    if (label === 'Replication Status') section = 'fields';
    if (section === 'fields' && !fields.has(label)) fields.set(label, value);
  }

  return buildSummary(id, fields, replicaNodes, consumers);
}

function readConsumerLine(consumers: VolumeConsumerSummary[], startsEntry: boolean, label: string, value: string): void {
  if (startsEntry && label === 'Name') {
    consumers.push({ name: value.split(/\s+/)[0] ?? '', namespace: '', runningOn: '' });
    return;
  }
  const current = consumers.at(-1);
  if (!current) return;
  if (label === 'Namespace') current.namespace = value;
  if (label === 'Running on') current.runningOn = value;
}

function buildSummary(
  id: string,
  fields: Map<string, string>,
  replicaNodes: string[],
  consumers: VolumeConsumerSummary[],
): VolumeSummary {
  const required = (label: string): string => {
    const value = fields.get(label);
    if (value === undefined || value === '') throw invalidOutput(`volume ${id} has no "${label}" line`);
    return value;
  };

  const haLevel = Number(required('HA'));
  if (!Number.isInteger(haLevel)) throw invalidOutput(`volume ${id}: HA "${required('HA')}" is not a whole number`);
  const bytesUsed = fields.get('Bytes used');

  return {
    id,
    name: required('Name'),
    sizeBytes: parsePrintedSize(required('Size')),
    format: required('Format').toLowerCase(),
    haLevel,
    ioPriority: required('IO Priority').toUpperCase(),
    status: required('Status').toLowerCase(),
    attachedNode: parseAttachedNode(required('State')),
    replicaNodes,
    replicationStatus: fields.get('Replication Status') || undefined,
    consumers,
    labels: parseLabels(fields.get('Labels')),
    ...(bytesUsed === undefined ? {} : { bytesUsed: parsePrintedSize(bytesUsed) }),
  };
}

/** "Attached: <node> (<ip>)" or "Attached: <node>" yields the node; anything else is detached. */
function parseAttachedNode(state: string): string | undefined {
  const match = /^Attached\s*:\s*(\S+)/i.exec(state);
  return match?.[1];
}

function parseLabels(text: string | undefined): Record<string, string> {
  const labels: Record<string, string> = {};
  if (text === undefined || text === '') return labels;
  for (const pair of text.split(',')) {
    const equals = pair.indexOf('=');
    if (equals > 0) labels[pair.slice(0, equals).trim()] = pair.slice(equals + 1).trim();
  }
  return labels;
}

function invalidOutput(detail: string): PxmysqlError {
  return new PxmysqlError('pxctl_output_invalid', `pxctl volume inspect output is invalid: ${detail}`);
}
