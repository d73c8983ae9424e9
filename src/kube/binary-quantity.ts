import { quantityToBytes } from './quantity-bytes.js';

const BINARY_UNITS: ReadonlyArray<readonly [string, number]> = [
  ['Ti', 2 ** 40],
  ['Gi', 2 ** 30],
  ['Mi', 2 ** 20],
  ['Ki', 2 ** 10],
];

/**
 * Formats a byte count in the largest binary unit that divides it exactly (`2Gi`, `1536Mi`), as
 * Kubernetes writes binary quantities. A count that is not a whole number of KiB stays in bytes.
 */
export function formatBinaryQuantity(bytes: number): string {
  for (const [unit, size] of BINARY_UNITS) {
    if (bytes >= size && bytes % size === 0) return `${bytes / size}${unit}`;
  }
  return String(bytes);
}

/**
 * Returns a PVC or PV storage quantity in bytes, or undefined when it is missing or invalid.
 * Sizes above 2^53 bytes (8 PiB) lose precision.
 */
export function storageQuantityBytes(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  try {
    return Number(quantityToBytes(value));
  } catch {
    return undefined;
  }
}
