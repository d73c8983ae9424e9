import type { Redis } from 'ioredis';
import { PxmysqlError } from '../errors.js';
import { HeldLock } from './held-lock.js';
import { ACQUIRE_SCRIPT } from './lock-scripts.js';
import type { AcquireOptions, LockHolder, LockRequest } from './lock-types.js';
import { decodeHolder, encodeHolder } from './lock-value.js';

export type { AcquireOptions, LockHolder, LockRequest } from './lock-types.js';
export type { HeldLock } from './held-lock.js';

/** Default lock lifetime without renewal: 30 s. */
export const DEFAULT_LOCK_TTL_MS = 30_000;

export type AcquireResult = { acquired: true; lock: HeldLock } | { acquired: false; holder: LockHolder };

export interface TargetLocksOptions {
  /** Prefix of each lock's key; the target name follows it. Default `pxmysql:lock:`. */
  keyPrefix?: string;
  /** Clock for `since`. Default `() => new Date()`. */
  now?: () => Date;
}

/** One operation per target at a time, across every worker: a Redis key per target, owned by a job id. */
export class TargetLocks {
  private readonly keyPrefix: string;
  private readonly now: () => Date;

  constructor(
    private readonly redis: Redis,
    options: TargetLocksOptions = {},
  ) {
    this.keyPrefix = options.keyPrefix ?? 'pxmysql:lock:';
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Takes the target's lock, or reports who holds it. A job that already holds the lock (same job id,
   * for example after a worker restart) takes it back with a fresh TTL, and `since` restarts at now.
   */
  async acquire(target: string, request: LockRequest, options: AcquireOptions = {}): Promise<AcquireResult> {
    const ttlMs = options.ttlMs ?? DEFAULT_LOCK_TTL_MS;
    requireLockInput(target, request, ttlMs);

    const key = this.keyFor(target);
    const holder: LockHolder = { ...request, since: this.now() };
    const [acquired, value] = (await this.redis.eval(ACQUIRE_SCRIPT, 1, key, request.jobId, encodeHolder(holder), String(ttlMs))) as [number, string];

    if (acquired === 1) return { acquired: true, lock: new HeldLock(this.redis, key, target, holder, ttlMs) };
    return { acquired: false, holder: decodeHolder(value, key) };
  }

  /** Returns the target's current holder, or undefined when the target is not locked. */
  async current(target: string): Promise<LockHolder | undefined> {
    const key = this.keyFor(target);
    const value = await this.redis.get(key);
    return value === null ? undefined : decodeHolder(value, key);
  }

  private keyFor(target: string): string {
    return `${this.keyPrefix}${target}`;
  }
}

function requireLockInput(target: string, request: LockRequest, ttlMs: number): void {
  if (target === '') throw new PxmysqlError('lock_invalid', 'target lock needs a target name, got an empty string');
  if (request.jobId === '') throw new PxmysqlError('lock_invalid', `lock on target ${target} needs a job id, got an empty string`);
  if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) {
    throw new PxmysqlError('lock_invalid', `lock ttlMs must be a positive integer number of milliseconds, got ${ttlMs}`);
  }
}
