import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { PxmysqlError } from '../../../src/errors.js';
import type { RedisProcess } from '../../../src/lab/processes/redis-server.js';
import { TargetLocks, type HeldLock, type LockRequest } from '../../../src/locks/target-locks.js';
import { startTestRedis } from '../../support/services.js';

const jobA: LockRequest = { jobId: 'failover-apr_a', operation: 'failover', requestedBy: 'U0REQUEST1', channel: 'C0LABOPS1', threadTs: '1700000000.000100' };
const jobB: LockRequest = { jobId: 'expand-apr_b', operation: 'expand', requestedBy: 'U0REQUEST2' };

describe('TargetLocks', () => {
  let server: RedisProcess;
  let redis: Redis;

  beforeAll(async () => {
    server = await startTestRedis();
    redis = new Redis(server.url);
  });
  afterAll(async () => {
    redis.disconnect();
    await server.stop();
  });

  function newLocks(now?: () => Date) {
    const keyPrefix = `test:${randomUUID()}:lock:`;
    return { locks: new TargetLocks(redis, { keyPrefix, ...(now ? { now } : {}) }), keyPrefix };
  }

  async function mustAcquire(locks: TargetLocks, target: string, request: LockRequest, ttlMs?: number): Promise<HeldLock> {
    const result = await locks.acquire(target, request, ttlMs === undefined ? {} : { ttlMs });
    if (!result.acquired) throw new Error(`expected to acquire ${target}, held by ${result.holder.jobId}`);
    return result.lock;
  }

  it('lets one job hold a target', async () => {
    const since = new Date('2025-03-01T10:00:00.000Z');
    const { locks } = newLocks(() => since);
    await mustAcquire(locks, 'orders-db', jobA);

    const second = await locks.acquire('orders-db', jobB);

    expect(second.acquired).toBe(false);
    expect(second.acquired ? undefined : second.holder).toEqual({ ...jobA, since });
    expect(await locks.current('orders-db')).toEqual({ ...jobA, since });
  });

  it('locks targets independently', async () => {
    const { locks } = newLocks();
    await mustAcquire(locks, 'orders-db', jobA);
    const other = await locks.acquire('billing-db', jobB);
    expect(other.acquired).toBe(true);
  });

  it('lets the same job take its lock back', async () => {
    const { locks } = newLocks();
    await mustAcquire(locks, 'orders-db', jobA);

    const again = await locks.acquire('orders-db', { ...jobA, threadTs: '1700000000.000200' });

    expect(again.acquired).toBe(true);
    expect((await locks.current('orders-db'))?.threadTs).toBe('1700000000.000200');
  });

  it('defaults to a 30 s TTL', async () => {
    const { locks, keyPrefix } = newLocks();
    await mustAcquire(locks, 'orders-db', jobA);
    const ttl = await redis.pttl(`${keyPrefix}orders-db`);
    expect(ttl).toBeGreaterThan(29_000);
    expect(ttl).toBeLessThanOrEqual(30_000);
  });

  it('expires without renewal', async () => {
    const { locks } = newLocks();
    await mustAcquire(locks, 'orders-db', jobA, 100);

    await vi.waitFor(async () => expect(await locks.current('orders-db')).toBeUndefined(), { timeout: 3_000, interval: 25 });
    const next = await locks.acquire('orders-db', jobB);
    expect(next.acquired).toBe(true);
  });

  it('renews the TTL', async () => {
    const { locks, keyPrefix } = newLocks();
    const lock = await mustAcquire(locks, 'orders-db', jobA, 10_000);
    await redis.pexpire(`${keyPrefix}orders-db`, 50);

    await lock.renew();

    expect(await redis.pttl(`${keyPrefix}orders-db`)).toBeGreaterThan(9_000);
  });

  it('fails to renew a lost lock', async () => {
    const { locks, keyPrefix } = newLocks();
    const lock = await mustAcquire(locks, 'orders-db', jobA);
    await redis.del(`${keyPrefix}orders-db`);

    const error = await lock.renew().catch((caught: unknown) => caught);

    expect(error).toBeInstanceOf(PxmysqlError);
    expect((error as PxmysqlError).code).toBe('lock_lost');
    expect((error as PxmysqlError).message).toBe('lock on target orders-db for job failover-apr_a was lost: it expired');
  });

  it('fails to renew a lock another job took', async () => {
    const { locks, keyPrefix } = newLocks();
    const lock = await mustAcquire(locks, 'orders-db', jobA);
    await redis.del(`${keyPrefix}orders-db`);
    await mustAcquire(locks, 'orders-db', jobB);

    await expect(lock.renew()).rejects.toThrow('lock on target orders-db for job failover-apr_a was lost: another job holds it');
    expect((await locks.current('orders-db'))?.jobId).toBe(jobB.jobId);
  });

  it('releases an owned lock', async () => {
    const { locks } = newLocks();
    const lock = await mustAcquire(locks, 'orders-db', jobA);

    expect(await lock.release()).toBe(true);
    expect(await locks.current('orders-db')).toBeUndefined();
    expect(await lock.release()).toBe(false);
  });

  it('ignores release by a former owner', async () => {
    const { locks, keyPrefix } = newLocks();
    const stale = await mustAcquire(locks, 'orders-db', jobA);
    await redis.del(`${keyPrefix}orders-db`);
    await mustAcquire(locks, 'orders-db', jobB);

    expect(await stale.release()).toBe(false);
    expect((await locks.current('orders-db'))?.jobId).toBe(jobB.jobId);
  });

  it('rejects invalid input', async () => {
    const { locks } = newLocks();
    await expect(locks.acquire('', jobA)).rejects.toThrow(/needs a target name/);
    await expect(locks.acquire('orders-db', { ...jobA, jobId: '' })).rejects.toThrow(/needs a job id/);
    await expect(locks.acquire('orders-db', jobA, { ttlMs: 0 })).rejects.toThrow(/ttlMs must be a positive integer/);
  });

  it('reports a corrupt lock value', async () => {
    const { locks, keyPrefix } = newLocks();
    await redis.set(`${keyPrefix}orders-db`, 'not json');
    await expect(locks.current('orders-db')).rejects.toThrow(/does not contain JSON/);
  });
});
