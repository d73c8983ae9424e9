import { randomBytes } from 'node:crypto';

const APPROVAL_ID_PATTERN = /^apr_[0-9a-f]{20}$/;

/** Creates a random approval id: `apr_` and 80 random bits as 20 lowercase hex digits. */
export function newApprovalId(): string {
  return `apr_${randomBytes(10).toString('hex')}`;
}

/** Checks the id format before any Redis call, so a forged button value never reaches a key name. */
export function isApprovalId(value: unknown): value is string {
  return typeof value === 'string' && APPROVAL_ID_PATTERN.test(value);
}
