/** Value formats that the real `pxctl` uses in its text output. */

const BINARY_UNITS = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export const GIB = 1024 ** 3;

/**
 * Formats a byte count with binary units the way pxctl prints sizes: one decimal below 10
 * ("1.0 GiB", "2.1 MiB"), none from 10 up ("126 MiB"), and plain bytes below 10 ("0 B").
 */
export function formatBinaryBytes(bytes: number): string {
  if (bytes < 10) return `${bytes} B`;

  let exponent = 0;
  while (exponent < BINARY_UNITS.length - 1 && bytes >= 1024 ** (exponent + 1)) exponent += 1;
  const value = Math.floor((bytes / 1024 ** exponent) * 10 + 0.5) / 10;
  const unit = BINARY_UNITS[exponent] ?? 'B';
  return value < 10 ? `${value.toFixed(1)} ${unit}` : `${value.toFixed(0)} ${unit}`;
}

/** Formats a volume size for `volume list`, which prints whole GiB ("1 GiB", "10 GiB"). */
export function formatListSize(bytes: number): string {
  if (bytes < GIB) return formatBinaryBytes(bytes);
  return `${Math.round(bytes / GIB)} GiB`;
}

/** Formats a time in UTC as pxctl prints creation times: "Aug 7 02:23:50 UTC 2018". */
export function formatCreationTime(date: Date): string {
  const month = MONTHS[date.getUTCMonth()] ?? '';
  const clock = [date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()]
    .map((part) => String(part).padStart(2, '0'))
    .join(':');
  return `${month} ${date.getUTCDate()} ${clock} UTC ${date.getUTCFullYear()}`;
}

/** Formats a time as RFC 3339 in UTC without fractional seconds, as pxctl's JSON output does. */
export function formatRfc3339(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/**
 * Aligns rows into columns padded with tabs, as Go's text/tabwriter does with a tab as the
 * padding character: each column is as wide as its widest cell plus one, rounded up to a
 * multiple of 8. The last column is not padded.
 */
export function formatTabTable(rows: string[][]): string {
  const columnCount = Math.max(0, ...rows.map((row) => row.length));
  const widths: number[] = [];
  for (let column = 0; column < columnCount - 1; column += 1) {
    const widest = Math.max(...rows.map((row) => (row[column] ?? '').length));
    widths.push(Math.ceil((widest + 1) / 8) * 8);
  }

  const lines = rows.map((row) =>
    row
      .map((cell, column) => {
        const width = widths[column];
        if (width === undefined) return cell;
        return cell + '\t'.repeat(Math.ceil((width - cell.length) / 8));
      })
      .join(''),
  );
  return lines.map((line) => `${line}\n`).join('');
}
