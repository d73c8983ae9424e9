import { PxmysqlError } from '../errors.js';

const BINARY_SUFFIXES: Record<string, bigint> = { Ki: 1n << 10n, Mi: 1n << 20n, Gi: 1n << 30n, Ti: 1n << 40n, Pi: 1n << 50n, Ei: 1n << 60n };
const DECIMAL_SUFFIXES: Record<string, bigint> = { '': 1n, k: 10n ** 3n, M: 10n ** 6n, G: 10n ** 9n, T: 10n ** 12n, P: 10n ** 15n, E: 10n ** 18n };

/**
 * Parses a Kubernetes storage quantity (`1Gi`, `500M`, `1073741824`, `1.5Gi`) into bytes, rounded
 * up to a whole byte. Exponent forms (`1e9`) and milli units are rejected, because storage sizes
 * never use them in practice. Throws `quantity_invalid` naming the value.
 */
export function quantityToBytes(quantity: string): bigint {
  const match = /^([0-9]+)(?:\.([0-9]+))?(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/.exec(quantity.trim());
  if (match === null) {
    throw new PxmysqlError('quantity_invalid', `invalid storage quantity ${JSON.stringify(quantity)}: expected a number with an optional suffix such as Gi or G`);
  }
  const [, whole = '0', fraction = '', suffix = ''] = match;
  const multiplier = BINARY_SUFFIXES[suffix] ?? DECIMAL_SUFFIXES[suffix] ?? 1n;
  const scale = 10n ** BigInt(fraction.length);
  const scaled = (BigInt(whole) * scale + BigInt(fraction || '0')) * multiplier;
  return (scaled + scale - 1n) / scale;
}

/** Returns the larger of two storage quantities, as written (so `1Gi` stays `1Gi`). */
export function largerQuantity(left: string, right: string): string {
  return quantityToBytes(right) > quantityToBytes(left) ? right : left;
}
