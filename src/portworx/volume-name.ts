import { PxmysqlError } from '../errors.js';

/**
 * Characters allowed in a volume reference passed to pxctl: a numeric volume id or a name made of
 * letters, digits, '.', '_' and '-' (Kubernetes PV names such as `pvc-<uid>` fit). The first
 * character must be a letter or digit, so a reference can never be read as a flag.
 */
const VOLUME_REFERENCE = /^[A-Za-z0-9][A-Za-z0-9._-]{0,252}$/;

/** Throws `volume_name_invalid` unless `reference` is a safe volume name or id for pxctl. */
export function validateVolumeName(reference: string): void {
  if (!VOLUME_REFERENCE.test(reference)) {
    throw new PxmysqlError(
      'volume_name_invalid',
      `invalid Portworx volume name ${JSON.stringify(reference)}: use 1-253 letters, digits, '.', '_' or '-', starting with a letter or digit`,
    );
  }
}
