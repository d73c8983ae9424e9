import { PxmysqlError } from '../errors.js';

const BINARY_UNITS: Record<string, number> = { KIB: 1024, MIB: 1024 ** 2, GIB: 1024 ** 3, TIB: 1024 ** 4, PIB: 1024 ** 5 };
const DECIMAL_UNITS: Record<string, number> = { KB: 1e3, MB: 1e6, GB: 1e9, TB: 1e12, PB: 1e15 };

/**
 * Parses a size as pxctl prints it ("1.0 GiB", "126 MiB", "0 B") into bytes. The result is only
 * as precise as the printed figure. Throws `pxctl_output_invalid` on anything else.
 */
export function parsePrintedSize(text: string): number {
  const match = /^(\d+(?:\.\d+)?)\s*([A-Za-z]*)$/.exec(text.trim());
  if (!match) throw invalidSize(text);

  const value = Number(match[1]);
  const unit = (match[2] ?? '').toUpperCase();
  if (unit === '' || unit === 'B') return Math.round(value);
  const factor = BINARY_UNITS[unit] ?? DECIMAL_UNITS[unit];
  if (factor === undefined) throw invalidSize(text);
  return Math.round(value * factor);
}

function invalidSize(text: string): PxmysqlError {
  return new PxmysqlError('pxctl_output_invalid', `invalid size "${text}" in pxctl output: expected a number and a unit such as "1.0 GiB"`);
}
