import type { MessageMetadata } from './message-types.js';

/** A Web API response body: `{ ok: true, … }` or `{ ok: false, error, … }`. */
export type ApiResult = { ok: true; [key: string]: unknown } | { ok: false; error: string; [key: string]: unknown };

export function apiError(error: string, extra: Record<string, unknown> = {}): ApiResult {
  return { ok: false, error, ...extra };
}

/** Reads an argument as a string; numbers and booleans from a JSON body are converted. */
export function stringArgument(args: Record<string, unknown>, name: string): string | undefined {
  const value = args[name];
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

/** Reads a boolean argument: `true`, `"true"` and `"1"` are true. */
export function booleanArgument(args: Record<string, unknown>, name: string): boolean {
  const value = args[name];
  return value === true || value === 'true' || value === '1' || value === 1;
}

/**
 * Parses the `metadata` argument (a JSON string from a form, or an object from a JSON body).
 * Returns undefined when absent and 'invalid' when it lacks `event_type` or `event_payload`.
 */
export function parseMetadataArgument(raw: unknown): MessageMetadata | undefined | 'invalid' {
  if (raw === undefined || raw === null || raw === '') return undefined;
  let value: unknown = raw;
  if (typeof raw === 'string') {
    try {
      value = JSON.parse(raw);
    } catch {
      return 'invalid';
    }
  }
  if (typeof value !== 'object' || value === null) return 'invalid';
  const record = value as Record<string, unknown>;
  const payload = record['event_payload'];
  if (typeof record['event_type'] !== 'string' || record['event_type'] === '') return 'invalid';
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return 'invalid';
  return { event_type: record['event_type'], event_payload: payload as Record<string, unknown> };
}
