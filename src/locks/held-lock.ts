import type { Redis } from 'ioredis';
import { PxmysqlError } from '../errors.js';
import type { Logger } from '../logging.js';
import { keepLockAlive, type KeepAliveOptions, type KeepAliveHandle } from './keep-alive.js';
import { RELEASE_SCRIPT, RENEW_SCRIPT } from './lock-scripts.js';
import type { LockHolder } from './lock-types.js';

/** A target lock this process acquired. Renewal and release act only while the job id still owns the key. */
export class HeldLock {
  constructor(
    private readonly redis: Redis,
    private readonly key: string,
    readonly target: string,
    readonly holder: LockHolder,
    /** Lifetime in ms that each renewal sets. */
    readonly ttlMs: number,
  ) {}

  /** Resets the lock's TTL. Throws `lock_lost` (permanent) when the lock expired or another job took it. */
  async renew(): Promise<void> {
    const result = await this.redis.eval(RENEW_SCRIPT, 1, this.key, this.holder.jobId, String(this.ttlMs));
    if (result === 1) return;

    const reason = result === 0 ? 'it expired' : 'another job holds it';
    throw new PxmysqlError('lock_lost', `lock on target ${this.target} for job ${this.holder.jobId} was lost: ${reason}`, { kind: 'permanent' });
  }

  /** Deletes the lock if this job still owns it. Returns false when it was already gone or owned by another job. */
  async release(): Promise<boolean> {
    const deleted = await this.redis.eval(RELEASE_SCRIPT, 1, this.key, this.holder.jobId);
    return deleted === 1;
  }

  /** Renews the lock every ttl/3 ms until stopped or lost, as `keepLockAlive` describes. */
  keepAlive(logger: Logger, options: KeepAliveOptions = {}): KeepAliveHandle {
    return keepLockAlive(this, logger, options);
  }
}
