import { UserInputError } from '../../src/errors.js';

/** Maximum length of a Deployment name that is also used in the `app` label, whose values are at most 63 characters. */
const MAX_RESTORE_NAME_LENGTH = 63;
/** Suffix of the restored PVC's name. */
const CLAIM_SUFFIX = '-data';
/** A DNS-1123 label: lowercase letters, digits and "-", starting and ending with a letter or digit. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Returns the name of the PVC that a restore creates for `restoreName`. */
export function restoreClaimName(restoreName: string): string {
  return `${restoreName}${CLAIM_SUFFIX}`;
}

/**
 * Derives the default restore name from a snapshot name: `<snapshot>-restore`, lowercased, with
 * characters outside `[a-z0-9-]` replaced by "-" and cut so that the name stays a valid label
 * value (at most 63 characters) and ends with a letter or digit.
 */
export function defaultRestoreName(snapshot: string): string {
  const suffix = '-restore';
  const base = snapshot
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .replace(/^-+/, '')
    .slice(0, MAX_RESTORE_NAME_LENGTH - suffix.length)
    .replace(/-+$/, '');
  return base === '' ? 'restore' : `${base}${suffix}`;
}

/**
 * Checks a restore name: a DNS-1123 label of at most 63 characters, so it works as the Deployment
 * name and the `app` label value, and its PVC name `<name>-data` is valid too. Throws a
 * `UserInputError` with key `restore.error.invalidName`.
 */
export function validateRestoreName(name: string): string {
  if (name.length > MAX_RESTORE_NAME_LENGTH || !DNS_LABEL.test(name)) {
    throw new UserInputError(
      'restore_name_invalid',
      `invalid restore name ${JSON.stringify(name)}: use at most ${MAX_RESTORE_NAME_LENGTH} lowercase letters, digits and "-", starting and ending with a letter or digit`,
      'restore.error.invalidName',
      { name, max: MAX_RESTORE_NAME_LENGTH },
    );
  }
  return name;
}
