import { cloneJson, isJsonObject } from './kube-object.js';

/**
 * Applies a JSON merge patch (RFC 7386): objects merge key by key, `null` removes a key, and any
 * other value, arrays included, replaces the target value.
 */
export function applyMergePatch(target: unknown, patch: unknown): unknown {
  if (!isJsonObject(patch)) return cloneJson(patch);
  const result: Record<string, unknown> = isJsonObject(target) ? cloneJson(target) : {};
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete result[key];
    else result[key] = applyMergePatch(result[key], value);
  }
  return result;
}
