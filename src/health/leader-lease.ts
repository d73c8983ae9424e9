import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';

/**
 * Resets the lease's TTL to ARGV[2] ms if KEYS[1] still contains the caller's token ARGV[1].
 * Returns 1 when renewed and 0 when the lease expired or another contender has it.
 */
const RENEW_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0
`;

/** Deletes KEYS[1] if it still contains the caller's token ARGV[1]. Returns 1 when deleted and 0 otherwise. */
const RELEASE_SCRIPT = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
`;

/**
 * A leader lease in Redis: one key whose value is the holder's random token, with a TTL. The
 * holder takes it with `SET NX PX`, and renews and releases it with Lua scripts that compare the
 * token first, so a contender whose lease lapsed can never extend or delete its successor's lease.
 */
export class LeaderLease {
  /** Random per contender, so two replicas (or two elections in one process) never share a token. */
  readonly token = randomBytes(16).toString('hex');

  constructor(
    private readonly redis: Redis,
    readonly key: string,
    readonly ttlMs: number,
  ) {
    if (!Number.isSafeInteger(ttlMs) || ttlMs <= 0) throw new RangeError(`lease ttlMs must be a positive integer, got ${ttlMs}`);
  }

  /** Takes the lease if no contender has it. Returns true when this contender now has it. */
  async tryAcquire(): Promise<boolean> {
    return (await this.redis.set(this.key, this.token, 'PX', this.ttlMs, 'NX')) === 'OK';
  }

  /** Extends the lease by a full TTL. Returns false when the lease was lost. */
  async renew(): Promise<boolean> {
    return Number(await this.redis.eval(RENEW_SCRIPT, 1, this.key, this.token, String(this.ttlMs))) === 1;
  }

  /** Gives the lease up so another contender can take it at once. Returns false when it was not held. */
  async release(): Promise<boolean> {
    return Number(await this.redis.eval(RELEASE_SCRIPT, 1, this.key, this.token)) === 1;
  }
}
