import { PxmysqlError } from '../../src/errors.js';

/** Maximum length of a VolumeSnapshot name (a DNS subdomain). */
const MAX_SNAPSHOT_NAME_LENGTH = 253;

/**
 * One dot-separated part of a DNS subdomain. Like Kubernetes' IsDNS1123Subdomain, it sets no
 * 63-character limit per part, only the 253-character limit on the whole name.
 */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Returns whether `name` is a valid VolumeSnapshot name: an RFC 1123 DNS subdomain of at most 253 characters. */
export function isSnapshotName(name: string): boolean {
  return name.length > 0 && name.length <= MAX_SNAPSHOT_NAME_LENGTH && name.split('.').every((label) => DNS_LABEL.test(label));
}

/** Throws `snapshot_name_invalid` (kind `user`) unless `name` is a valid VolumeSnapshot name. */
export function validateSnapshotName(name: string): void {
  if (isSnapshotName(name)) return;
  throw new PxmysqlError('snapshot_name_invalid', `invalid snapshot name ${JSON.stringify(name)}: use lowercase letters, digits, "-" and ".", starting and ending with a letter or digit`, {
    kind: 'user',
    messageKey: 'snapshot.invalidName',
    messageParams: { name },
  });
}

/**
 * Returns `<pvc>-<yyyymmdd>-<hhmmss>` with the time in UTC, such as `px-mysql-pvc-20240501-134502`.
 * A PVC name too long for the suffix is shortened, so the result is always a valid snapshot name.
 */
export function defaultSnapshotName(pvc: string, now: Date): string {
  const iso = now.toISOString();
  const suffix = `-${iso.slice(0, 10).replaceAll('-', '')}-${iso.slice(11, 19).replaceAll(':', '')}`;
  const prefix = pvc.slice(0, MAX_SNAPSHOT_NAME_LENGTH - suffix.length).replace(/[-.]+$/, '');
  return `${prefix}${suffix}`;
}
