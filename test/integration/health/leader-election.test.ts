import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AlertStore, type HealthAlert } from '../../../src/health/alert-store.js';
import { startLeaderElection, type DeposedReason, type LeaderElection } from '../../../src/health/leader-election.js';
import { LeaderLease } from '../../../src/health/leader-lease.js';
import type { RedisProcess } from '../../../src/lab/processes/redis-server.js';
import { captureLogger } from '../../support/capture-logger.js';
import { waitFor } from '../../support/lab-approvals.js';
import { startTestRedis } from '../../support/services.js';

interface Contender {
  name: string;
  redis: Redis;
  lease: LeaderLease;
  election: LeaderElection;
  events: string[];
}

describe('health leader election', () => {
  let server: RedisProcess;
  const connections: Redis[] = [];
  const elections: LeaderElection[] = [];
  let keyNumber = 0;

  beforeAll(async () => {
    server = await startTestRedis();
  });
  afterEach(async () => {
    for (const election of elections.splice(0)) await election.stop();
    for (const connection of connections.splice(0)) connection.disconnect();
  });
  afterAll(async () => {
    await server?.stop();
  });

  const connect = (): Redis => {
    const redis = new Redis(server.url, { maxRetriesPerRequest: 1, retryStrategy: () => null });
    redis.on('error', () => undefined);
    connections.push(redis);
    return redis;
  };
  const nextKey = (): string => `test:leader:${++keyNumber}`;

  const contend = (name: string, key: string, ttlMs: number, shared: string[]): Contender => {
    const redis = connect();
    const lease = new LeaderLease(redis, key, ttlMs);
    const events: string[] = [];
    const election = startLeaderElection({
      lease,
      logger: captureLogger('warn').logger,
      onElected: () => {
        events.push('elected');
        shared.push(`${name} elected`);
      },
      onDeposed: (reason: DeposedReason) => {
        events.push(`deposed ${reason}`);
        shared.push(`${name} deposed ${reason}`);
      },
    });
    elections.push(election);
    return { name, redis, lease, election, events };
  };

  it('lease renew and release check the token', async () => {
    const key = nextKey();
    const first = new LeaderLease(connect(), key, 5_000);
    const second = new LeaderLease(connect(), key, 5_000);

    expect(await first.tryAcquire()).toBe(true);
    expect(await second.tryAcquire()).toBe(false);
    expect(await second.renew()).toBe(false);
    expect(await second.release()).toBe(false);
    expect(await connect().get(key)).toBe(first.token);

    expect(await first.renew()).toBe(true);
    expect(await first.release()).toBe(true);
    expect(await connect().get(key)).toBeNull();
    expect(await first.renew()).toBe(false);
    expect(await second.tryAcquire()).toBe(true);
  });

  it('elects exactly one of two contenders', async () => {
    const key = nextKey();
    const shared: string[] = [];
    const a = contend('a', key, 2_000, shared);
    const b = contend('b', key, 2_000, shared);

    await waitFor('a leader', () => a.election.isLeader() || b.election.isLeader());
    // Both contenders campaign several more times; neither may take the lease while the other renews it.
    // Over a longer span than the TTL, both contenders campaign several more times (every 666 ms).
    await new Promise((resolve) => setTimeout(resolve, 2_500));

    expect(shared).toHaveLength(1);
    expect([a.election.isLeader(), b.election.isLeader()].filter(Boolean)).toHaveLength(1);
    const leader = a.election.isLeader() ? a : b;
    expect(await connect().get(key)).toBe(leader.lease.token);
  });

  it('hands over when the leader stops', async () => {
    const key = nextKey();
    const shared: string[] = [];
    const a = contend('a', key, 2_000, shared);
    await waitFor('a to lead', () => a.election.isLeader());
    const b = contend('b', key, 2_000, shared);

    await a.election.stop();
    await waitFor('b to lead', () => b.election.isLeader());

    expect(shared).toEqual(['a elected', 'a deposed stopped', 'b elected']);
    expect(await connect().get(key)).toBe(b.lease.token);
  });

  it('takes over after leader loses Redis', async () => {
    const key = nextKey();
    const shared: string[] = [];
    const a = contend('a', key, 900, shared);
    await waitFor('a to lead', () => a.election.isLeader());
    const b = contend('b', key, 900, shared);

    // The leader's process keeps running but can no longer reach Redis, as in a network partition.
    a.redis.disconnect();
    await waitFor('b to lead', () => b.election.isLeader(), 15_000);
    await waitFor('a to step down', () => !a.election.isLeader(), 15_000);

    expect(a.events).toEqual(['elected', 'deposed renewal-failed']);
    expect(b.events).toEqual(['elected']);
    expect(await connect().get(key)).toBe(b.lease.token);
  });

  it('fences writes of a former leader', async () => {
    const key = nextKey();
    const redis = connect();
    const store = new AlertStore(redis, `test:fence:${keyNumber}:`);
    const former = new LeaderLease(redis, key, 5_000);
    const current = new LeaderLease(redis, key, 5_000);
    const alert: HealthAlert = { id: 'health-orders-db-1', target: 'orders-db', channel: 'C0LABOPS1', openedAt: '2026-12-04T22:00:00.000Z', since: '2026-12-04T21:59:00.000Z', pods: [], changeKey: '' };

    expect(await former.tryAcquire()).toBe(true);
    expect(await store.create(former, alert)).toBe('written');
    expect(await store.create(former, { ...alert, id: 'health-orders-db-2' })).toBe('exists');
    await redis.del(key);
    expect(await current.tryAcquire()).toBe(true);

    expect(await store.save(former, { ...alert, ts: '1.000001' })).toBe('not-leader');
    expect(await store.remove(former, 'orders-db')).toBe('not-leader');
    expect(await store.noteUnhealthy(former, 'orders-db', new Date())).toBeUndefined();
    expect(await store.get('orders-db')).toEqual(alert);
    expect(await store.save(current, { ...alert, ts: '1.000001' })).toBe('written');
    expect((await store.get('orders-db'))?.ts).toBe('1.000001');
  });
});
