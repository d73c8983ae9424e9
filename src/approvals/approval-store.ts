import type { Redis } from 'ioredis';
import { PxmysqlError } from '../errors.js';
import type { Logger } from '../logging.js';
import { isApprovalId, newApprovalId } from './approval-id.js';
import { fromApprovalHash, pairsToHash, toApprovalHash } from './approval-record.js';
import { ATTACH_MESSAGE_SCRIPT, DECIDE_SCRIPT } from './approval-scripts.js';
import type { Approval, ApprovalRequest, DecideResult, Decision } from './approval-types.js';

/** Default time an approval stays open: 15 minutes. */
export const DEFAULT_APPROVAL_TTL_MS = 15 * 60_000;

export interface ApprovalStoreOptions {
  /** Prefix of each approval's key; the id follows it. Default `pxmysql:approval:`. */
  keyPrefix?: string;
  /**
   * How long Redis keeps an approval after `expiresAt`, in ms, so a late click gets `expired` rather
   * than `not-found`. Default 1 hour.
   */
  retainAfterExpiryMs?: number;
  /** Clock for `createdAt`, `expiresAt` and the status `get` reports. Default `() => new Date()`. */
  now?: () => Date;
}

export interface CreateApprovalOptions {
  /** Time until the approval expires, in ms. Default 15 minutes. */
  ttlMs?: number;
}

/**
 * Pending approvals in Redis, one hash per approval. The store decides atomically who decided first.
 * The two-person rule and role checks are the caller's.
 */
export class ApprovalStore {
  private readonly keyPrefix: string;
  private readonly retainAfterExpiryMs: number;
  private readonly now: () => Date;

  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    options: ApprovalStoreOptions = {},
  ) {
    this.keyPrefix = options.keyPrefix ?? 'pxmysql:approval:';
    this.retainAfterExpiryMs = options.retainAfterExpiryMs ?? 60 * 60_000;
    this.now = options.now ?? (() => new Date());
    requirePositiveInteger('retainAfterExpiryMs', this.retainAfterExpiryMs);
  }

  /** Stores a new pending approval and returns it with its id. */
  async create(request: ApprovalRequest, options: CreateApprovalOptions = {}): Promise<Approval> {
    const ttlMs = options.ttlMs ?? DEFAULT_APPROVAL_TTL_MS;
    requirePositiveInteger('ttlMs', ttlMs);
    requireRequestFields(request);

    const createdAt = this.now();
    const approval: Approval = {
      ...request,
      id: newApprovalId(),
      status: 'pending',
      createdAt,
      expiresAt: new Date(createdAt.getTime() + ttlMs),
    };
    const key = this.keyFor(approval.id);
    await this.redis
      .multi()
      .hset(key, toApprovalHash(approval))
      .pexpire(key, ttlMs + this.retainAfterExpiryMs)
      .exec()
      .then(throwOnTransactionError);

    this.logger.info({ approvalId: approval.id, operation: request.operation, target: request.target, requestedBy: request.requestedBy }, 'approval created');
    return approval;
  }

  /** Returns the approval, or undefined for an unknown or malformed id. A pending one past its expiry reads as `expired`. */
  async get(id: string): Promise<Approval | undefined> {
    if (!isApprovalId(id)) return undefined;

    const hash = await this.redis.hgetall(this.keyFor(id));
    if (Object.keys(hash).length === 0) return undefined;

    const approval = fromApprovalHash(hash);
    if (approval.status === 'pending' && approval.expiresAt.getTime() <= this.now().getTime()) approval.status = 'expired';
    return approval;
  }

  /** Records where the approval message was posted. Returns false when the approval no longer exists. */
  async attachMessage(id: string, message: { channel: string; ts: string }): Promise<boolean> {
    if (!isApprovalId(id)) return false;
    const stored = await this.redis.eval(ATTACH_MESSAGE_SCRIPT, 1, this.keyFor(id), message.channel, message.ts);
    return stored === 1;
  }

  /**
   * Records the first decision on a pending, unexpired approval in one Lua script, so of many
   * concurrent clicks exactly one gets `decided`. The others get the stored approval, naming the winner.
   */
  async decide(id: string, decision: Decision): Promise<DecideResult> {
    requireDecision(decision);
    if (!isApprovalId(id)) return { outcome: 'not-found' };

    const reply = (await this.redis.eval(
      DECIDE_SCRIPT,
      1,
      this.keyFor(id),
      String(decision.at.getTime()),
      decision.verdict,
      decision.by,
      decision.breakGlassReason ?? '',
    )) as [DecideResult['outcome'], string[]];
    const [outcome, pairs] = reply;
    if (outcome === 'not-found') return { outcome };

    const approval = fromApprovalHash(pairsToHash(pairs));
    const logFields = { approvalId: id, target: approval.target, operation: approval.operation, by: decision.by, verdict: decision.verdict, outcome };
    if (outcome === 'decided') this.logger.info({ ...logFields, breakGlass: decision.breakGlassReason !== undefined }, 'approval decided');
    else this.logger.info(logFields, 'approval decision not recorded');
    return { outcome, approval };
  }

  private keyFor(id: string): string {
    return `${this.keyPrefix}${id}`;
  }
}

function requirePositiveInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw new PxmysqlError('approval_invalid', `${name} must be a positive integer number of milliseconds, got ${value}`);
  }
}

function requireRequestFields(request: ApprovalRequest): void {
  for (const field of ['operation', 'target', 'requestedBy', 'channel', 'triggerId', 'locale'] as const) {
    if (typeof request[field] !== 'string' || request[field] === '') {
      throw new PxmysqlError('approval_invalid', `approval request field ${field} is missing or empty`);
    }
  }
}

function requireDecision(decision: Decision): void {
  if (decision.verdict !== 'approved' && decision.verdict !== 'rejected') {
    throw new PxmysqlError('approval_invalid', `verdict must be "approved" or "rejected", got ${String(decision.verdict)}`);
  }
  if (decision.by === '') throw new PxmysqlError('approval_invalid', 'decision field by (the Slack user id) is empty');
  if (Number.isNaN(decision.at.getTime())) throw new PxmysqlError('approval_invalid', 'decision time at is an invalid Date');
}

/** MULTI/EXEC reports a failed command as an error inside the reply rather than rejecting. */
function throwOnTransactionError(results: Array<[Error | null, unknown]> | null): void {
  if (results === null) throw new PxmysqlError('approval_store_failed', 'Redis aborted the transaction that creates the approval', { kind: 'retryable' });
  const failed = results.find(([error]) => error !== null);
  if (failed?.[0]) throw new PxmysqlError('approval_store_failed', 'Redis failed to store the approval', { kind: 'retryable', cause: failed[0] });
}
