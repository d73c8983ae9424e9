import { cloneJson, isJsonObject, type KubeObject } from './kube-object.js';

/**
 * Strategic merge patch, as kubectl sends it for built-in types: a JSON merge patch in which
 * lists of named items merge item by item. The merge key depends on the field, as in the
 * `patchMergeKey` tags of the Kubernetes API types; lists without one are replaced.
 * Directives supported: `$patch: replace | delete` (in maps and list items), `$retainKeys`,
 * `$deleteFromPrimitiveList/FIELD` and `$setElementOrder/FIELD` (accepted, order not applied).
 */
export function applyStrategicMergePatch(target: unknown, patch: unknown): unknown {
  const result = mergeValue(target, patch, undefined);
  return result === DELETE ? {} : result;
}

const DELETE = Symbol('delete');

/** Merge keys of the list fields that kubectl and the bot patch, keyed by field name. */
const MERGE_KEYS: Record<string, string> = {
  containers: 'name',
  initContainers: 'name',
  ephemeralContainers: 'name',
  env: 'name',
  volumes: 'name',
  volumeMounts: 'mountPath',
  volumeDevices: 'devicePath',
  imagePullSecrets: 'name',
  ownerReferences: 'uid',
  hostAliases: 'ip',
  conditions: 'type',
};

/** Lists of scalars whose strategy is `merge`: patch values are added to the stored ones. */
const PRIMITIVE_MERGE_LISTS = new Set(['finalizers']);

function mergeKeyFor(field: string | undefined, items: unknown[]): string | undefined {
  if (field === undefined) return undefined;
  if (field === 'ports') {
    // Container ports merge on containerPort, Service ports on port.
    return items.some((item) => isJsonObject(item) && 'containerPort' in item) ? 'containerPort' : 'port';
  }
  if (field === 'addresses') {
    // Node status addresses merge on type; Endpoints addresses have no merge key.
    return items.every((item) => isJsonObject(item) && 'type' in item) ? 'type' : undefined;
  }
  return MERGE_KEYS[field];
}

function mergeValue(target: unknown, patch: unknown, field: string | undefined): unknown {
  if (Array.isArray(patch)) return mergeList(Array.isArray(target) ? target : [], patch, field);
  if (!isJsonObject(patch)) return cloneJson(patch);
  if (patch.$patch === 'delete') return DELETE;
  if (patch.$patch === 'replace') return stripDirectives(patch);

  const result: KubeObject = isJsonObject(target) ? cloneJson(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (key === '$patch' || key === '$retainKeys' || key.startsWith('$setElementOrder/')) continue;
    if (key.startsWith('$deleteFromPrimitiveList/')) {
      const listField = key.slice('$deleteFromPrimitiveList/'.length);
      const removed = Array.isArray(value) ? value : [];
      if (Array.isArray(result[listField])) result[listField] = result[listField].filter((item: unknown) => !removed.includes(item));
      continue;
    }
    if (value === null) {
      delete result[key];
      continue;
    }
    const merged = mergeValue(result[key], value, key);
    if (merged === DELETE) delete result[key];
    else result[key] = merged;
  }
  if (Array.isArray(patch.$retainKeys)) {
    for (const key of Object.keys(result)) if (!patch.$retainKeys.includes(key)) delete result[key];
  }
  return result;
}

function mergeList(target: unknown[], patch: unknown[], field: string | undefined): unknown[] {
  if (field !== undefined && PRIMITIVE_MERGE_LISTS.has(field)) {
    const result = [...target];
    for (const item of patch) if (!result.includes(item)) result.push(item);
    return result;
  }
  const replaceAll = patch.some((item) => isJsonObject(item) && item.$patch === 'replace');
  const items = patch.filter((item) => !(isJsonObject(item) && item.$patch === 'replace'));
  const key = mergeKeyFor(field, [...target, ...items]);
  if (key === undefined || replaceAll) return items.map((item) => stripDirectives(item));

  const result = cloneJson(target);
  for (const item of items) {
    if (!isJsonObject(item)) continue;
    const index = result.findIndex((existing) => isJsonObject(existing) && existing[key] === item[key]);
    if (item.$patch === 'delete') {
      if (index >= 0) result.splice(index, 1);
      continue;
    }
    if (index >= 0) result[index] = mergeValue(result[index], item, undefined);
    else result.push(stripDirectives(item));
  }
  return result;
}

function stripDirectives(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(stripDirectives);
  if (!isJsonObject(value)) return value;
  const result: KubeObject = {};
  for (const [key, item] of Object.entries(value)) {
    if (!key.startsWith('$')) result[key] = stripDirectives(item);
  }
  return result;
}
