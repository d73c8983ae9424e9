import { createHash } from 'node:crypto';

/** Maximum length of a label value, and so of the drill name used in the `app` label. */
const MAX_LABEL_VALUE_LENGTH = 63;
/** Hex digits of the job id's SHA-256 in the name, so two drills of one target are unlikely to collide. */
const HASH_LENGTH = 8;

/**
 * Derives the scratch Deployment's name from the target Deployment and the job id:
 * `<deployment>-drill-<8 hex digits of sha256(jobId)>`. The Deployment name is cut so that the
 * result stays a valid label value (at most 63 characters), and the same job always gets the same
 * name, which a resumed job relies on.
 */
export function drillName(deployment: string, jobId: string): string {
  const hash = createHash('sha256').update(jobId).digest('hex').slice(0, HASH_LENGTH);
  const suffix = `-drill-${hash}`;
  const base = deployment
    .toLowerCase()
    .replace(/[^a-z0-9-]/g, '-')
    .slice(0, MAX_LABEL_VALUE_LENGTH - suffix.length)
    .replace(/^-+|-+$/g, '');
  return base === '' ? `drill-${hash}` : `${base}${suffix}`;
}
