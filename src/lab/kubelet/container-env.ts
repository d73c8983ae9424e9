import type { KubeObject } from '../apiserver/kube-object.js';
import type { ObjectStore } from '../apiserver/object-store.js';

/**
 * Raised when a container's environment refers to a Secret, ConfigMap or key that does not exist.
 * The kubelet reports it as the `CreateContainerConfigError` waiting reason, with this message.
 */
export class ContainerConfigError extends Error {
  override name = 'ContainerConfigError';
}

type Source = { kind: 'Secret' | 'ConfigMap'; resource: 'secrets' | 'configmaps'; lowerKind: 'secret' | 'configmap' };
const SECRET: Source = { kind: 'Secret', resource: 'secrets', lowerKind: 'secret' };
const CONFIG_MAP: Source = { kind: 'ConfigMap', resource: 'configmaps', lowerKind: 'configmap' };

/**
 * Resolves a container's environment as the kubelet does: `envFrom` first, then `env` in order
 * (a later entry wins), with `value`, `valueFrom.secretKeyRef`, `valueFrom.configMapKeyRef` and the
 * `fieldRef` paths metadata.name, metadata.namespace, metadata.uid, spec.nodeName and status.podIP.
 * `$(NAME)` in a value expands to a variable defined before it, and `$$` is a literal `$`.
 * References marked `optional: true` that are missing are skipped; other missing ones throw a
 * ContainerConfigError.
 */
export function resolveContainerEnv(store: ObjectStore, pod: KubeObject, container: KubeObject): Record<string, string> {
  const namespace = String(pod.metadata?.namespace ?? 'default');
  const env: Record<string, string> = {};

  for (const entry of (container.envFrom ?? []) as KubeObject[]) {
    let source: Source;
    let reference: KubeObject;
    if (entry.secretRef) {
      source = SECRET;
      reference = entry.secretRef;
    } else if (entry.configMapRef) {
      source = CONFIG_MAP;
      reference = entry.configMapRef;
    } else {
      continue;
    }
    const object = store.find(source.resource, namespace, String(reference.name));
    if (!object) {
      if (reference.optional === true) continue;
      throw new ContainerConfigError(`${source.lowerKind} "${String(reference.name)}" not found`);
    }
    for (const [key, value] of Object.entries(objectData(source, object))) env[`${entry.prefix ?? ''}${key}`] = value;
  }

  for (const variable of (container.env ?? []) as KubeObject[]) {
    const name = String(variable.name);
    const value = variable.valueFrom ? resolveValueFrom(store, pod, namespace, variable.valueFrom) : expandReferences(String(variable.value ?? ''), env);
    if (value !== undefined) env[name] = value;
  }
  return env;
}

function resolveValueFrom(store: ObjectStore, pod: KubeObject, namespace: string, valueFrom: KubeObject): string | undefined {
  if (valueFrom.secretKeyRef) return lookupKey(store, namespace, SECRET, valueFrom.secretKeyRef);
  if (valueFrom.configMapKeyRef) return lookupKey(store, namespace, CONFIG_MAP, valueFrom.configMapKeyRef);
  if (valueFrom.fieldRef) return fieldValue(pod, String(valueFrom.fieldRef.fieldPath));
  // NOTE: resourceFieldRef (container limits) is not modelled, so such variables stay unset.
  return undefined;
}

function lookupKey(store: ObjectStore, namespace: string, source: Source, reference: KubeObject): string | undefined {
  const name = String(reference.name);
  const key = String(reference.key);
  const object = store.find(source.resource, namespace, name);
  if (!object) {
    if (reference.optional === true) return undefined;
    throw new ContainerConfigError(`${source.lowerKind} "${name}" not found`);
  }
  const value = objectData(source, object)[key];
  if (value === undefined) {
    if (reference.optional === true) return undefined;
    throw new ContainerConfigError(`couldn't find key ${key} in ${source.kind} ${namespace}/${name}`);
  }
  return value;
}

/** Decoded key-value pairs: Secret `data` is base64; ConfigMap `data` is text and `binaryData` base64. */
function objectData(source: Source, object: KubeObject): Record<string, string> {
  const decode = (encoded: unknown): string => Buffer.from(String(encoded), 'base64').toString('utf8');
  const result: Record<string, string> = {};
  if (source.kind === 'Secret') {
    for (const [key, value] of Object.entries(object.data ?? {})) result[key] = decode(value);
    return result;
  }
  for (const [key, value] of Object.entries(object.binaryData ?? {})) result[key] = decode(value);
  for (const [key, value] of Object.entries(object.data ?? {})) result[key] = String(value);
  return result;
}

function fieldValue(pod: KubeObject, path: string): string | undefined {
  const fields: Record<string, unknown> = {
    'metadata.name': pod.metadata?.name,
    'metadata.namespace': pod.metadata?.namespace,
    'metadata.uid': pod.metadata?.uid,
    'spec.nodeName': pod.spec?.nodeName,
    'spec.serviceAccountName': pod.spec?.serviceAccountName,
    'status.podIP': pod.status?.podIP,
    'status.hostIP': pod.status?.hostIP,
  };
  const value = fields[path];
  return value === undefined ? undefined : String(value);
}

/** Expands `$(NAME)` from the variables defined so far; unknown references stay as written. */
function expandReferences(value: string, defined: Record<string, string>): string {
  return value.replace(/\$\$|\$\(([A-Za-z_][A-Za-z0-9_.-]*)\)/g, (match, name: string | undefined) => {
    if (match === '$$') return '$';
    return name !== undefined && defined[name] !== undefined ? defined[name] : match;
  });
}
