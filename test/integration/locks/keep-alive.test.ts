import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { PxmysqlError } from '../../../src/errors.js';
import type { RedisProcess } from '../../../src/lab/processes/redis-server.js';
import { TargetLocks, type HeldLock, type LockRequest } from '../../../src/locks/target-locks.js';
import { captureLogger } from '../../support/capture-logger.js';
import { startTestRedis } from '../../support/services.js';

const jobA: LockRequest = { jobId: 'failover-apr_a', operation: 'failover', requestedBy: 'U0REQUEST1' };
const jobB: LockRequest = { jobId: 'expand-apr_b', operation: 'expand', requestedBy: 'U0REQUEST2' };

describe('HeldLock.keepAlive', () => {
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

  async function acquire(ttlMs: number): Promise<{ locks: TargetLocks; lock: HeldLock; key: string }> {
    const keyPrefix = `test:${randomUUID()}:lock:`;
    const locks = new TargetLocks(redis, { keyPrefix });
    const result = await locks.acquire('orders-db', jobA, { ttlMs });
    if (!result.acquired) throw new Error('expected to acquire orders-db');
    return { locks, lock: result.lock, key: `${keyPrefix}orders-db` };
  }

  it('keeps the lock past its TTL', async () => {
    const { locks, lock } = await acquire(300);
    const { logger, lines } = captureLogger();
    const handle = lock.keepAlive(logger);
    try {
      await new Promise((resolve) => setTimeout(resolve, 900));
      expect((await locks.current('orders-db'))?.jobId).toBe(jobA.jobId);
      expect(lines.filter((line) => (line.level as number) >= 40)).toEqual([]);
    } finally {
      handle.stop();
    }
  });

  it('stops renewing when stopped', async () => {
    const { locks, lock } = await acquire(150);
    const handle = lock.keepAlive(captureLogger().logger);
    handle.stop();
    await vi.waitFor(async () => expect(await locks.current('orders-db')).toBeUndefined(), { timeout: 3_000, interval: 25 });
  });

  it('logs and reports a lost lock', async () => {
    const { locks, lock, key } = await acquire(150);
    const { logger, lines } = captureLogger();
    const onLost = vi.fn<(error: PxmysqlError) => void>();
    const handle = lock.keepAlive(logger, { onLost });
    try {
      await redis.del(key);
      await locks.acquire('orders-db', jobB, { ttlMs: 10_000 });

      await vi.waitFor(() => expect(onLost).toHaveBeenCalledTimes(1), { timeout: 3_000, interval: 25 });
      expect(onLost.mock.calls[0]?.[0].code).toBe('lock_lost');
      const lost = lines.filter((line) => line.msg === 'target lock lost');
      expect(lost).toHaveLength(1);
      expect(lost[0]).toMatchObject({ target: 'orders-db', jobId: jobA.jobId, level: 50 });
      expect((await locks.current('orders-db'))?.jobId).toBe(jobB.jobId);

      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(onLost).toHaveBeenCalledTimes(1);
    } finally {
      handle.stop();
    }
  });

  it('retries while Redis is unreachable', async () => {
    const down = await startTestRedis();
    const connection = new Redis(down.url, { lazyConnect: true, maxRetriesPerRequest: 0, enableOfflineQueue: false, retryStrategy: () => null });
    connection.on('error', () => undefined);
    await connection.connect();
    const locks = new TargetLocks(connection, { keyPrefix: `test:${randomUUID()}:lock:` });
    const result = await locks.acquire('orders-db', jobA, { ttlMs: 60 });
    if (!result.acquired) throw new Error('expected to acquire orders-db');
    const { logger, lines } = captureLogger();
    const onLost = vi.fn();
    await down.stop();

    const handle = result.lock.keepAlive(logger, { onLost });
    try {
      await vi.waitFor(() => expect(lines.some((line) => line.msg === 'target lock renewal failed, retrying')).toBe(true), { timeout: 3_000, interval: 25 });
      const warning = lines.find((line) => line.msg === 'target lock renewal failed, retrying');
      expect(warning).toMatchObject({ target: 'orders-db', jobId: jobA.jobId, failures: 1 });
      expect(onLost).not.toHaveBeenCalled();
    } finally {
      handle.stop();
      connection.disconnect();
    }
  });
});
