import { UserInputError } from '../src/errors.js';
import { formatBinaryQuantity } from '../src/kube/binary-quantity.js';

/** A size that `/pxmysql expand` accepted. */
export interface ParsedSize {
  /** Canonical Kubernetes quantity in the largest exact binary unit, such as `2Gi` or `1536Mi`. */
  quantity: string;
  bytes: number;
  /** The user's text when it was a common slip (`2gi`, `2G`, `2GB`) that was read as a binary size. */
  normalizedFrom?: string;
}

/** Largest size accepted, in bytes (64Ti). */
export const MAX_SIZE_BYTES = 64 * 2 ** 40;
/** MAX_SIZE_BYTES as a quantity, for messages. */
export const MAX_SIZE_QUANTITY = '64Ti';

const BINARY_UNIT_BYTES: Readonly<Record<string, bigint>> = {
  Ki: 1024n,
  Mi: 1024n ** 2n,
  Gi: 1024n ** 3n,
  Ti: 1024n ** 4n,
};

/** A positive decimal number directly followed by letters, with nothing around them. */
const SIZE_PATTERN = /^(\d+)(?:\.(\d+))?([A-Za-z]+)$/;
/** Maximum number of input characters echoed back in an error message. */
const MAX_ECHOED_CHARS = 40;

/**
 * Parses the size of `/pxmysql expand`. It accepts Kubernetes binary quantities (`2Gi`,
 * `1536Mi`, `1.5Gi`) that are a whole number of KiB, from 1Ki up to 64Ti. Two common slips are
 * read as binary sizes and reported in `normalizedFrom`: a unit in the wrong case (`2gi`, `2GI`)
 * and a gigabyte unit (`2G`, `2GB`, `2gb`), because Portworx sizes volumes in GiB. Every other
 * form, including `2 GB`, `2T`, `2M`, plain bytes, zero and negative sizes, throws a
 * UserInputError (`invalid_size`) that lists the accepted forms. A size above 64Ti throws
 * `size_too_large`.
 */
export function parseSize(text: string): ParsedSize {
  const input = text.trim();
  const match = SIZE_PATTERN.exec(input);
  if (match === null) throw invalidSize(input);

  const [, whole = '', fraction = '', written = ''] = match;
  const unit = binaryUnitOf(written);
  if (unit === undefined) throw invalidSize(input);

  const bytes = exactBytes(whole, fraction, BINARY_UNIT_BYTES[unit] ?? 1n);
  if (bytes === undefined || bytes <= 0n || bytes % 1024n !== 0n) throw invalidSize(input);
  if (bytes > BigInt(MAX_SIZE_BYTES)) {
    throw new UserInputError('size_too_large', `size ${input} is above the maximum of ${MAX_SIZE_QUANTITY}`, 'expand.sizeTooLarge', {
      input: echoed(input),
      max: MAX_SIZE_QUANTITY,
    });
  }

  const parsed: ParsedSize = { quantity: formatBinaryQuantity(Number(bytes)), bytes: Number(bytes) };
  if (written !== unit) parsed.normalizedFrom = input;
  return parsed;
}

/** Returns the binary unit that the written unit means, or undefined when it is not accepted. */
function binaryUnitOf(written: string): string | undefined {
  const lower = written.toLowerCase();
  if (lower === 'g' || lower === 'gb') return 'Gi';
  if (/^[kmgt]i$/.test(lower)) return `${lower.charAt(0).toUpperCase()}i`;
  return undefined;
}

/** Returns `whole.fraction × unitBytes` when it is a whole number of bytes, else undefined. */
function exactBytes(whole: string, fraction: string, unitBytes: bigint): bigint | undefined {
  const scale = 10n ** BigInt(fraction.length);
  const scaled = BigInt(`${whole}${fraction}`) * unitBytes;
  return scaled % scale === 0n ? scaled / scale : undefined;
}

function invalidSize(input: string): UserInputError {
  return new UserInputError('invalid_size', `invalid size "${input}": expected a binary quantity such as 2Gi or 1536Mi`, 'expand.invalidSize', {
    input: echoed(input),
    max: MAX_SIZE_QUANTITY,
  });
}

/** Shortens the input and replaces its backticks, so an error message can show it inside inline code. */
function echoed(input: string): string {
  const clean = input.replaceAll('`', "'");
  return clean.length > MAX_ECHOED_CHARS ? `${clean.slice(0, MAX_ECHOED_CHARS)}…` : clean;
}
