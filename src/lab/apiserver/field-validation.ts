import type { ServerResponse } from 'node:http';
import { badRequest } from './api-error.js';
import { fieldSchemaOf, type FieldNode } from './field-schemas.js';
import { isJsonObject, type KubeObject } from './kube-object.js';
import type { ResourceType } from './resources.js';

/** The `fieldValidation` directive of a write request. */
export type FieldValidation = 'Ignore' | 'Warn' | 'Strict';

const DIRECTIVES: readonly FieldValidation[] = ['Ignore', 'Warn', 'Strict'];

/** A field of a request body that the kind does not define, with a way to drop it. */
export interface UnknownField {
  /** Path as the apiserver prints it: `foo`, `spec.foo`, `spec.template.spec.containers[0].foo`. */
  path: string;
  remove(): void;
}

/** Reads `fieldValidation` from the query. An absent or empty value means Warn, the Kubernetes 1.27+ default. */
export function fieldValidationParameter(query: URLSearchParams): FieldValidation {
  const value = query.get('fieldValidation');
  if (value === null || value === '') return 'Warn';
  const directive = DIRECTIVES.find((entry) => entry === value);
  if (!directive) throw badRequest(`invalid fieldValidation "${value}": expected Ignore, Warn or Strict`);
  return directive;
}

/** Lists the fields of `value` that `node` does not define, depth first in document order. */
export function findUnknownFields(node: FieldNode, value: unknown, path = ''): UnknownField[] {
  if (node === 'any') return [];
  if (Array.isArray(value)) {
    return value.flatMap((item, index) => findUnknownFields(node, item, `${path}[${index}]`));
  }
  if (!isJsonObject(value)) return [];
  const unknown: UnknownField[] = [];
  for (const key of Object.keys(value)) {
    const fieldPath = path === '' ? key : `${path}.${key}`;
    const child = node[key] ?? node['*'];
    if (child === undefined) unknown.push({ path: fieldPath, remove: () => delete value[key] });
    else unknown.push(...findUnknownFields(child, value[key], fieldPath));
  }
  return unknown;
}

export interface FieldValidationRequest {
  type: ResourceType;
  directive: FieldValidation;
  response: ServerResponse;
  /** Unknown paths that the stored object already contains before a patch, so the check leaves them alone. */
  existingPaths?: ReadonlySet<string>;
}

/**
 * Applies a write's field validation to `object`: Strict rejects unknown fields with 400 BadRequest,
 * Warn drops them and sends one `Warning` header per field, Ignore drops them silently. Deeper levels
 * than `field-schemas.ts` lists are not checked. Duplicate JSON keys are not detected, because
 * `JSON.parse` keeps the last one.
 */
export function enforceFieldValidation(request: FieldValidationRequest, object: KubeObject): void {
  const unknown = findUnknownFields(fieldSchemaOf(request.type), object).filter((field) => !request.existingPaths?.has(field.path));
  if (unknown.length === 0) return;
  const messages = unknown.map((field) => `unknown field "${field.path}"`);
  if (request.directive === 'Strict') {
    const { kind, version } = request.type;
    throw badRequest(`${kind} in version "${version}" cannot be handled as a ${kind}: strict decoding error: ${messages.join(', ')}`);
  }
  for (const field of unknown) field.remove();
  if (request.directive === 'Warn') addWarnings(request.response, messages);
}

/** Adds RFC 7234 `Warning: 299 - "text"` headers, the form kubectl prints as `Warning: text`. */
function addWarnings(response: ServerResponse, messages: string[]): void {
  const previous = response.getHeader('Warning');
  const existing = previous === undefined ? [] : Array.isArray(previous) ? previous : [String(previous)];
  const added = messages.map((message) => `299 - "${message.replace(/["\\]/g, (character) => `\\${character}`)}"`);
  response.setHeader('Warning', [...existing, ...added]);
}
