import type { IncomingMessage } from 'node:http';
import { badRequest } from './api-error.js';
import type { IncludeObject } from './table.js';

/** Returns true when the Accept header requests a `meta.k8s.io` Table, as `kubectl get` does. */
export function wantsTable(request: IncomingMessage): boolean {
  const accept = request.headers.accept ?? '';
  return accept.split(',').some((entry) => /;\s*as=Table/.test(entry) && /;\s*g=meta\.k8s\.io/.test(entry));
}

export const TABLE_CONTENT_TYPE = 'application/json;as=Table;v=v1;g=meta.k8s.io';

export function includeObjectParameter(query: URLSearchParams): IncludeObject {
  const value = query.get('includeObject') ?? 'PartialObjectMetadata';
  if (value !== 'None' && value !== 'Object' && value !== 'PartialObjectMetadata') {
    throw badRequest(`invalid includeObject "${value}": expected None, Object or PartialObjectMetadata`);
  }
  return value;
}

/** Reads an integer query parameter; throws a 400 ApiError for a malformed value. */
export function integerParameter(query: URLSearchParams, name: string): number | undefined {
  const value = query.get(name);
  if (value === null || value === '') return undefined;
  if (!/^-?\d+$/.test(value)) throw badRequest(`invalid ${name} "${value}": expected an integer`);
  return Number(value);
}

/** Reads a boolean query parameter (`true`, `1`). */
export function booleanParameter(query: URLSearchParams, name: string): boolean {
  const value = query.get(name);
  return value === 'true' || value === '1';
}
