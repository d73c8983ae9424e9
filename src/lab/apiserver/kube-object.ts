/**
 * A Kubernetes object as the lab stores it: plain JSON with `apiVersion`, `kind`, `metadata` and
 * whatever else its kind defines. The lab keeps objects untyped so any resource fits one store.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type KubeObject = Record<string, any>;

/** Returns a deep copy of a JSON value, so callers never share objects with the store. */
export function cloneJson<T>(value: T): T {
  return structuredClone(value);
}

/** Compares two JSON values structurally. Key order in objects does not matter. */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) {
    return a.length === b.length && a.every((item, index) => jsonEqual(item, b[index]));
  }
  const aRecord = a as Record<string, unknown>;
  const bRecord = b as Record<string, unknown>;
  const aKeys = Object.keys(aRecord).filter((key) => aRecord[key] !== undefined);
  const bKeys = Object.keys(bRecord).filter((key) => bRecord[key] !== undefined);
  if (aKeys.length !== bKeys.length) return false;
  return aKeys.every((key) => jsonEqual(aRecord[key], bRecord[key]));
}

/** Returns true for a plain JSON object (not an array, not null). */
export function isJsonObject(value: unknown): value is KubeObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
