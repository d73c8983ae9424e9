import { PxmysqlError } from '../errors.js';
import {
  UnrecognizedValueError,
  normalizeCos,
  normalizeFsType,
  normalizeVolumeState,
  normalizeVolumeStatus,
  readInt64,
} from './openstorage-values.js';
import type { VolumeConsumerSummary, VolumeSummary } from './volume-summary.js';

type JsonObject = Record<string, unknown>;

/**
 * Parses the output of `pxctl volume inspect -j`: a JSON array of openstorage `api.Volume`
 * objects. Accepts the enum and 64-bit integer forms that Portworx versions print (see
 * openstorage-values.ts). `replicationStatus` is always undefined because the JSON has no such
 * field. Throws `pxctl_output_invalid` naming the volume and the field that is missing or invalid.
 */
export function parseVolumeInspectJson(stdout: string): VolumeSummary[] {
  let document: unknown;
  try {
    document = JSON.parse(stdout);
  } catch (error) {
    throw invalidOutput(`not JSON (${error instanceof Error ? error.message : String(error)})`);
  }
  if (!Array.isArray(document)) throw invalidOutput('not a JSON array of volumes');

  return document.map((entry, index) => parseVolume(entry, `volume ${index}`));
}

function parseVolume(entry: unknown, where: string): VolumeSummary {
  if (!isObject(entry)) throw invalidOutput(`${where} is not an object`);
  const id = requireString(entry, 'id', where);
  const context = `volume ${id}`;
  const locator = requireObject(entry, 'locator', context);
  const spec = requireObject(entry, 'spec', context);

  const state = convert(() => normalizeVolumeState(entry.state), 'state', context);
  const attachedOn = typeof entry.attached_on === 'string' ? entry.attached_on : '';
  const usage = entry.usage === undefined ? undefined : convert(() => readInt64(entry.usage), 'usage', context);

  return {
    id,
    name: requireString(locator, 'name', context, 'locator.name'),
    sizeBytes: convert(() => readInt64(requireField(spec, 'size', context, 'spec.size')), 'spec.size', context),
    format: convert(() => normalizeFsType(entry.format ?? spec.format), 'format', context),
    haLevel: convert(() => readInt64(requireField(spec, 'ha_level', context, 'spec.ha_level')), 'spec.ha_level', context),
    ioPriority: convert(() => normalizeCos(spec.cos), 'spec.cos', context),
    status: convert(() => normalizeVolumeStatus(entry.status), 'status', context),
    attachedNode: attachedOn !== '' && state !== 'detached' ? attachedOn : undefined,
    replicaNodes: readReplicaNodes(entry.replica_sets, context),
    replicationStatus: undefined,
    consumers: readConsumers(entry.volume_consumers, context),
    labels: readLabels(locator.volume_labels, context),
    ...(usage === undefined ? {} : { bytesUsed: usage }),
  };
}

function readReplicaNodes(value: unknown, context: string): string[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidOutput(`${context}: replica_sets is not an array`);
  return value.flatMap((replicaSet, index) => {
    const nodes = isObject(replicaSet) ? replicaSet.nodes : undefined;
    if (nodes === undefined) return [];
    if (!Array.isArray(nodes) || !nodes.every((node) => typeof node === 'string')) {
      throw invalidOutput(`${context}: replica_sets[${index}].nodes is not an array of strings`);
    }
    return nodes as string[];
  });
}

function readConsumers(value: unknown, context: string): VolumeConsumerSummary[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) throw invalidOutput(`${context}: volume_consumers is not an array`);
  return value.map((consumer, index) => {
    const where = `volume_consumers[${index}]`;
    if (!isObject(consumer)) throw invalidOutput(`${context}: ${where} is not an object`);
    return {
      name: requireString(consumer, 'name', context, `${where}.name`),
      namespace: typeof consumer.namespace === 'string' ? consumer.namespace : '',
      runningOn: typeof consumer.node_id === 'string' ? consumer.node_id : '',
    };
  });
}

function readLabels(value: unknown, context: string): Record<string, string> {
  if (value === undefined || value === null) return {};
  if (!isObject(value)) throw invalidOutput(`${context}: locator.volume_labels is not an object`);
  const labels: Record<string, string> = {};
  for (const [key, label] of Object.entries(value)) {
    if (typeof label !== 'string') throw invalidOutput(`${context}: label ${key} is not a string`);
    labels[key] = label;
  }
  return labels;
}

function convert<T>(read: () => T, field: string, context: string): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof UnrecognizedValueError) throw invalidOutput(`${context}: invalid ${field}: ${error.message}`);
    throw error;
  }
}

function requireField(object: JsonObject, key: string, context: string, path = key): unknown {
  const value = object[key];
  if (value === undefined || value === null) throw invalidOutput(`${context}: missing ${path}`);
  return value;
}

function requireString(object: JsonObject, key: string, context: string, path = key): string {
  const value = requireField(object, key, context, path);
  if (typeof value !== 'string' || value === '') throw invalidOutput(`${context}: ${path} is not a non-empty string`);
  return value;
}

function requireObject(object: JsonObject, key: string, context: string): JsonObject {
  const value = requireField(object, key, context);
  if (!isObject(value)) throw invalidOutput(`${context}: ${key} is not an object`);
  return value;
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function invalidOutput(detail: string): PxmysqlError {
  return new PxmysqlError('pxctl_output_invalid', `pxctl volume inspect -j output is invalid: ${detail}`);
}
