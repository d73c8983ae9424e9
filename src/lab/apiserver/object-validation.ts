import { invalid, type ApiError } from './api-error.js';
import { isJsonObject, type KubeObject } from './kube-object.js';
import type { ResourceType } from './resources.js';
import { parseQuantity } from './quantity.js';

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

type Cause = { field: string; message: string };

/** Validates an object before create; returns a 422 ApiError or undefined. */
export function validateCreate(type: ResourceType, object: KubeObject): ApiError | undefined {
  const causes = validateName(type, String(object.metadata?.name ?? ''));
  causes.push(...validateSpec(type, object));
  return causes.length > 0 ? invalid(type.kind, type.group, String(object.metadata?.name ?? ''), causes) : undefined;
}

/** Validates an update against the stored object; returns a 422 ApiError or undefined. */
export function validateUpdate(type: ResourceType, previous: KubeObject, next: KubeObject): ApiError | undefined {
  const causes = validateSpec(type, next);
  if (type.plural === 'persistentvolumeclaims' && type.group === '') causes.push(...validateClaimUpdate(previous, next));
  if (type.plural === 'deployments' && !sameJson(previous.spec?.selector, next.spec?.selector)) {
    causes.push({ field: 'spec.selector', message: 'Invalid value: field is immutable' });
  }
  return causes.length > 0 ? invalid(type.kind, type.group, String(next.metadata?.name ?? ''), causes) : undefined;
}

function validateName(type: ResourceType, name: string): Cause[] {
  if (name === '') return [{ field: 'metadata.name', message: 'Required value: name or generateName is required' }];
  const labelOnly = type.group === '' && (type.plural === 'namespaces' || type.plural === 'services');
  const pattern = labelOnly ? DNS_LABEL : DNS_SUBDOMAIN;
  const limit = labelOnly ? 63 : 253;
  if (!pattern.test(name) || name.length > limit) {
    const rule = labelOnly ? 'RFC 1123 label' : 'RFC 1123 subdomain';
    return [{ field: 'metadata.name', message: `Invalid value: "${name}": a lowercase ${rule} must consist of lower case alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character` }];
  }
  return [];
}

function validateSpec(type: ResourceType, object: KubeObject): Cause[] {
  const causes: Cause[] = [];
  const key = type.group === '' ? type.plural : `${type.plural}.${type.group}`;
  if (key === 'pods') causes.push(...validateContainers('spec', object.spec));
  if (key === 'deployments.apps' || key === 'replicasets.apps') {
    const matchLabels: Record<string, string> = object.spec?.selector?.matchLabels ?? {};
    const templateLabels: Record<string, string> = object.spec?.template?.metadata?.labels ?? {};
    if (!object.spec?.selector) causes.push({ field: 'spec.selector', message: 'Required value' });
    const mismatch = Object.entries(matchLabels).some(([label, value]) => templateLabels[label] !== value);
    if (mismatch) causes.push({ field: 'spec.template.metadata.labels', message: 'Invalid value: `selector` does not match template `labels`' });
    causes.push(...validateContainers('spec.template.spec', object.spec?.template?.spec));
    if (typeof object.spec?.replicas === 'number' && object.spec.replicas < 0) {
      causes.push({ field: 'spec.replicas', message: 'Invalid value: must be greater than or equal to 0' });
    }
  }
  if (key === 'persistentvolumeclaims' && object.spec?.resources?.requests?.storage === undefined) {
    causes.push({ field: 'spec.resources[storage]', message: 'Required value' });
  }
  return causes;
}

function validateContainers(path: string, spec: KubeObject | undefined): Cause[] {
  const containers: KubeObject[] = spec?.containers ?? [];
  if (containers.length === 0) return [{ field: `${path}.containers`, message: 'Required value' }];
  const causes: Cause[] = [];
  containers.forEach((container, index) => {
    if (!container.name) causes.push({ field: `${path}.containers[${index}].name`, message: 'Required value' });
    if (!container.image) causes.push({ field: `${path}.containers[${index}].image`, message: 'Required value' });
  });
  return causes;
}

/**
 * PVC spec is immutable except the storage request of a bound claim, which may only grow, and
 * `volumeAttributesClassName`. Whether the StorageClass allows the growth is admission's concern.
 */
function validateClaimUpdate(previous: KubeObject, next: KubeObject): Cause[] {
  const bound = next.status?.phase === 'Bound';
  const withoutRequests = (spec: KubeObject | undefined): KubeObject => {
    const copy = structuredClone(spec ?? {});
    if (bound && isJsonObject(copy.resources?.requests)) copy.resources.requests.storage = previous.spec?.resources?.requests?.storage;
    delete copy.volumeAttributesClassName;
    if (previous.spec?.volumeName === undefined) delete copy.volumeName;
    return copy;
  };
  if (!sameJson(withoutRequests(previous.spec), withoutRequests(next.spec))) {
    return [{ field: 'spec', message: 'Forbidden: spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims' }];
  }
  const before = previous.spec?.resources?.requests?.storage;
  const after = next.spec?.resources?.requests?.storage;
  if (before !== undefined && after !== undefined && parseQuantity(String(after)) < parseQuantity(String(before))) {
    return [{ field: 'spec.resources.requests.storage', message: 'Forbidden: field can not be less than previous value' }];
  }
  return [];
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}
