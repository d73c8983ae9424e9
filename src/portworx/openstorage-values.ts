/**
 * Normalizers for the value forms that different Portworx versions print in `pxctl -j` output
 * for openstorage enums and 64-bit integers.
 *
 * Enums appear as numbers (the REST API of 2016: `"format": 2`), as openstorage's short
 * lower-case names (pxctl 1.x: `"format": "ext4"`, `"cos": "low"`) or as full proto enum names
 * (`"FS_TYPE_EXT4"`, `"VOLUME_STATUS_UP"`). The enum tables follow openstorage's api.proto.
 * 64-bit integers appear as decimal strings (proto JSON) or as plain numbers.
 */

const FS_TYPES = ['none', 'btrfs', 'ext4', 'fuse', 'nfs', 'vfs', 'xfs', 'zfs', 'xfsv2'];
const COS_TYPES = ['NONE', 'LOW', 'MEDIUM', 'HIGH'];
const VOLUME_STATUSES = ['none', 'not_present', 'up', 'down', 'degraded'];
const VOLUME_STATES = ['none', 'pending', 'available', 'attached', 'detached', 'detatching', 'error', 'deleted', 'try_detaching', 'restore'];

/** Error for a value in none of the known forms; its message names the expected forms. */
export class UnrecognizedValueError extends Error {}

/** File system type in lower case ("xfs"); a missing value is the proto zero value "none". */
export function normalizeFsType(value: unknown): string {
  return normalizeEnum(value, FS_TYPES, 'FS_TYPE_').toLowerCase();
}

/** Class of service (IO priority) in upper case ("LOW"); missing is "NONE". */
export function normalizeCos(value: unknown): string {
  return normalizeEnum(value, COS_TYPES, 'COS_TYPE_').toUpperCase();
}

/** Volume status in lower case ("up"); missing is "none". */
export function normalizeVolumeStatus(value: unknown): string {
  return normalizeEnum(value, VOLUME_STATUSES, 'VOLUME_STATUS_').toLowerCase();
}

/** Volume state in lower case ("attached"); missing is "none". */
export function normalizeVolumeState(value: unknown): string {
  return normalizeEnum(value, VOLUME_STATES, 'VOLUME_STATE_').toLowerCase();
}

/**
 * Reads a proto 64-bit integer given as a decimal string or a number. Values above 2^53 lose
 * precision, which is harmless for sizes and byte counts; ids stay strings elsewhere.
 */
export function readInt64(value: unknown): number {
  if (typeof value === 'number' && Number.isInteger(value)) return value;
  if (typeof value === 'string' && /^-?\d+$/.test(value)) return Number(value);
  throw new UnrecognizedValueError(`expected an integer or a decimal string, got ${JSON.stringify(value)}`);
}

function normalizeEnum(value: unknown, names: string[], prefix: string): string {
  // Proto JSON leaves out fields that hold the zero value, so a missing enum is its first entry.
  if (value === undefined || value === null) return names[0] ?? '';
  if (typeof value === 'number') {
    const name = names[value];
    if (name === undefined) throw new UnrecognizedValueError(`unknown enum number ${value} (known: 0-${names.length - 1})`);
    return name;
  }
  if (typeof value === 'string' && value !== '') {
    return value.toUpperCase().startsWith(prefix) ? value.slice(prefix.length) : value;
  }
  throw new UnrecognizedValueError(`expected an enum name or number, got ${JSON.stringify(value)}`);
}
