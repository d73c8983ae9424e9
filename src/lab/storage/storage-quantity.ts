import type { KubeObject } from '../apiserver/kube-object.js';
import { parseQuantity } from '../apiserver/quantity.js';

const BINARY_UNITS: ReadonlyArray<[string, number]> = [
  ['Ti', 1024 ** 4],
  ['Gi', 1024 ** 3],
  ['Mi', 1024 ** 2],
  ['Ki', 1024],
];

/** Formats a byte count as Kubernetes does for binary sizes: the largest exact unit (`2Gi`, `1536Mi`). */
export function formatBinaryQuantity(bytes: number): string {
  for (const [unit, size] of BINARY_UNITS) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}

/** Parses a storage quantity to bytes. Returns undefined for a missing or invalid value. */
export function quantityBytes(value: unknown): number | undefined {
  if (value === undefined || value === null) return undefined;
  try {
    return parseQuantity(String(value));
  } catch {
    return undefined;
  }
}

/** Returns the PVC's `spec.resources.requests.storage` in bytes, or throws when it is missing or invalid. */
export function requestedBytes(claim: KubeObject): number {
  const request = claim.spec?.resources?.requests?.storage;
  const bytes = quantityBytes(request);
  if (bytes === undefined || bytes <= 0) {
    throw new Error(`PVC ${claim.metadata.namespace}/${claim.metadata.name} has an invalid storage request "${String(request)}": set spec.resources.requests.storage, e.g. 1Gi`);
  }
  return bytes;
}
