import { PxmysqlError } from '../errors.js';
import type { Approval, ApprovalRequest, ApprovalStatus, Verdict } from './approval-types.js';

/**
 * Converts between an `Approval` and the Redis hash that stores it. The request is one JSON field,
 * and the mutable state (status, decision, message) is kept in plain fields. The decision script changes
 * only plain fields because Lua's cjson, when it re-encodes JSON, turns `[]` into `{}` and rounds
 * numbers to 14 significant digits, which would alter `params`.
 */
export function toApprovalHash(approval: Approval): Record<string, string> {
  const request: ApprovalRequest = {
    operation: approval.operation,
    target: approval.target,
    params: approval.params,
    requestedBy: approval.requestedBy,
    channel: approval.channel,
    triggerId: approval.triggerId,
    locale: approval.locale,
    ...(approval.force === undefined ? {} : { force: approval.force }),
  };
  return {
    id: approval.id,
    request: JSON.stringify(request),
    status: approval.status,
    createdAtMs: String(approval.createdAt.getTime()),
    expiresAtMs: String(approval.expiresAt.getTime()),
  };
}

/** Parses a hash read with HGETALL. Throws `approval_corrupt` when a required field is missing. */
export function fromApprovalHash(hash: Record<string, string>): Approval {
  const { id, request, status, createdAtMs, expiresAtMs } = hash;
  if (id === undefined || request === undefined || status === undefined || createdAtMs === undefined || expiresAtMs === undefined) {
    throw new PxmysqlError('approval_corrupt', `approval record ${id ?? '(no id)'} in Redis is missing required fields`);
  }

  const approval: Approval = {
    ...(JSON.parse(request) as ApprovalRequest),
    id,
    status: status as ApprovalStatus,
    createdAt: new Date(Number(createdAtMs)),
    expiresAt: new Date(Number(expiresAtMs)),
  };
  if (hash.messageChannel !== undefined) approval.messageChannel = hash.messageChannel;
  if (hash.messageTs !== undefined) approval.messageTs = hash.messageTs;
  if (hash.verdict !== undefined) approval.verdict = hash.verdict as Verdict;
  if (hash.decidedBy !== undefined) approval.decidedBy = hash.decidedBy;
  if (hash.decidedAtMs !== undefined) approval.decidedAt = new Date(Number(hash.decidedAtMs));
  if (hash.breakGlassReason !== undefined) approval.breakGlassReason = hash.breakGlassReason;
  return approval;
}

/** Turns the flat `[field, value, …]` array that HGETALL returns inside a Lua reply into an object. */
export function pairsToHash(pairs: readonly string[]): Record<string, string> {
  const hash: Record<string, string> = {};
  for (let index = 0; index + 1 < pairs.length; index += 2) {
    hash[pairs[index] as string] = pairs[index + 1] as string;
  }
  return hash;
}
