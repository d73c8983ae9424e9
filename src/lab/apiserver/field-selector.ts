import { badRequest } from './api-error.js';
import type { KubeObject } from './kube-object.js';
import type { ResourceType } from './resources.js';

/** One `?fieldSelector=` term: `field=value`, `field==value` or `field!=value`. */
export interface FieldRequirement {
  field: string;
  equal: boolean;
  value: string;
}

/**
 * Fields each resource can be selected by, besides `metadata.name` and `metadata.namespace`.
 * These follow the field label conversions of the Kubernetes 1.33 apiserver for those types.
 */
const EXTRA_FIELDS: Record<string, string[]> = {
  pods: ['spec.nodeName', 'spec.restartPolicy', 'spec.schedulerName', 'spec.serviceAccountName', 'status.phase', 'status.podIP', 'status.nominatedNodeName'],
  nodes: ['spec.unschedulable'],
  events: ['involvedObject.kind', 'involvedObject.namespace', 'involvedObject.name', 'involvedObject.uid', 'involvedObject.apiVersion', 'involvedObject.resourceVersion', 'involvedObject.fieldPath', 'reason', 'reportingComponent', 'source', 'type'],
  secrets: ['type'],
  namespaces: ['status.phase'],
  replicasets: ['status.replicas'],
};

/** Parses a field selector for one resource type. Throws a 400 ApiError for an unsupported field. */
export function parseFieldSelector(text: string, type: ResourceType): FieldRequirement[] {
  const allowed = new Set(['metadata.name', 'metadata.namespace', ...(EXTRA_FIELDS[type.plural] ?? [])]);
  const requirements: FieldRequirement[] = [];
  for (const term of text.split(',').map((part) => part.trim()).filter((part) => part !== '')) {
    const match = /^([^=!]+)(==|=|!=)(.*)$/.exec(term);
    if (!match) throw badRequest(`invalid selector: '${text}'; can't understand '${term}'`);
    const field = (match[1] ?? '').trim();
    if (!allowed.has(field)) {
      throw badRequest(`field label not supported: ${field}`);
    }
    requirements.push({ field, equal: match[2] !== '!=', value: (match[3] ?? '').trim() });
  }
  return requirements;
}

export function matchesFieldSelector(requirements: FieldRequirement[], object: KubeObject): boolean {
  return requirements.every((requirement) => {
    const actual = fieldValue(object, requirement.field);
    return (actual === requirement.value) === requirement.equal;
  });
}

/** Reads a dotted field as a string, the way field selectors compare it ('' when missing). */
function fieldValue(object: KubeObject, field: string): string {
  if (field === 'source') return String(object.source?.component ?? object.reportingComponent ?? '');
  let current: unknown = object;
  for (const part of field.split('.')) {
    if (typeof current !== 'object' || current === null) return '';
    current = (current as Record<string, unknown>)[part];
  }
  if (current === undefined || current === null) return field === 'spec.unschedulable' ? 'false' : '';
  return String(current);
}
