import type { Redis } from 'ioredis';
import { describeError, PxmysqlError } from '../errors.js';
import type { Logger } from '../logging.js';
import { AUDIT_ENTRY_TYPES, fromStreamFields, toStreamFields, type AuditEntry, type RecordedAuditEntry } from './audit-entry.js';
import { dropSecretParams } from './drop-secrets.js';
import { withTimeout } from './with-timeout.js';

export type { AuditEntry, AuditEntryType, RecordedAuditEntry } from './audit-entry.js';

export interface AuditLogOptions {
  /** Stream key. Default `pxmysql:audit`. */
  streamKey?: string;
  /** Approximate maximum number of entries kept (`XADD MAXLEN ~`). Default 10 000. */
  maxLength?: number;
  /** Time limit in ms for each Redis call. Default 2 000. */
  timeoutMs?: number;
  /** Entries read per XREVRANGE call when `recent` filters by target. Default 500. */
  pageSize?: number;
  /** Clock for each entry's `at`. Default `() => new Date()`. */
  now?: () => Date;
}

export interface RecentOptions {
  /** Only entries about this target. */
  target?: string;
  /** Maximum number of entries returned. */
  count: number;
}

/** Append-only audit trail in a Redis stream, trimmed approximately to `maxLength` entries. */
export class AuditLog {
  private readonly streamKey: string;
  private readonly maxLength: number;
  private readonly timeoutMs: number;
  private readonly pageSize: number;
  private readonly now: () => Date;

  constructor(
    private readonly redis: Redis,
    private readonly logger: Logger,
    options: AuditLogOptions = {},
  ) {
    this.streamKey = options.streamKey ?? 'pxmysql:audit';
    this.maxLength = options.maxLength ?? 10_000;
    this.timeoutMs = options.timeoutMs ?? 2_000;
    this.pageSize = options.pageSize ?? 500;
    this.now = options.now ?? (() => new Date());
    requirePositiveInteger('maxLength', this.maxLength);
    requirePositiveInteger('timeoutMs', this.timeoutMs);
    requirePositiveInteger('pageSize', this.pageSize);
  }

  /**
   * Appends an entry and returns its stream id. Params keys named like secrets are dropped. A failed
   * or timed-out write is logged and rethrown as `audit_unavailable` (retryable).
   */
  async record(entry: AuditEntry): Promise<string> {
    if (!(AUDIT_ENTRY_TYPES as readonly string[]).includes(entry.type)) {
      throw new PxmysqlError('audit_invalid', `audit entry type must be one of ${AUDIT_ENTRY_TYPES.join(', ')}, got ${String(entry.type)}`);
    }

    const safeEntry: AuditEntry = entry.params === undefined ? entry : { ...entry, params: dropSecretParams(entry.params) };
    const fields = toStreamFields(safeEntry, this.now());
    try {
      const id = await withTimeout(this.redis.xadd(this.streamKey, 'MAXLEN', '~', String(this.maxLength), '*', ...fields), this.timeoutMs, 'XADD to the audit stream');
      if (id === null) throw new Error('XADD returned no stream id');
      return id;
    } catch (error) {
      const ids = { auditType: entry.type, target: entry.target, approvalId: entry.approvalId, jobId: entry.jobId };
      this.logger.error({ ...ids, err: error }, 'cannot write the audit entry');
      throw new PxmysqlError('audit_unavailable', `failed to write the ${entry.type} audit entry to ${this.streamKey}: ${describeError(error)}`, {
        kind: 'retryable',
        cause: error,
      });
    }
  }

  /**
   * Returns up to `count` entries, newest first. With a target, it reads pages of `pageSize` entries
   * until it has `count` matches or reaches the oldest entry. The stream's length bounds that walk.
   */
  async recent(options: RecentOptions): Promise<RecordedAuditEntry[]> {
    requirePositiveInteger('count', options.count);

    const pageSize = options.target === undefined ? options.count : this.pageSize;
    const found: RecordedAuditEntry[] = [];
    let end = '+';
    while (found.length < options.count) {
      const page = await withTimeout(this.redis.xrevrange(this.streamKey, end, '-', 'COUNT', pageSize), this.timeoutMs, 'XREVRANGE on the audit stream');
      for (const [id, fields] of page) {
        const entry = fromStreamFields(id, fields);
        if (options.target === undefined || entry.target === options.target) found.push(entry);
        if (found.length === options.count) break;
      }

      const last = page[page.length - 1];
      if (page.length < pageSize || last === undefined) break;
      end = `(${last[0]}`;
    }
    return found;
  }
}

function requirePositiveInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0) throw new PxmysqlError('audit_invalid', `audit ${name} must be a positive integer, got ${value}`);
}
