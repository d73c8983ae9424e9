import { randomUUID } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { ApprovalStore, type ApprovalStoreOptions } from '../../../src/approvals/approval-store.js';
import type { ApprovalRequest, DecideResult } from '../../../src/approvals/approval-types.js';
import { PxmysqlError } from '../../../src/errors.js';
import type { RedisProcess } from '../../../src/lab/processes/redis-server.js';
import { captureLogger } from '../../support/capture-logger.js';
import { startTestRedis } from '../../support/services.js';

const request: ApprovalRequest = {
  operation: 'failover',
  target: 'orders-db',
  params: { keepCordoned: false, nodes: [], ratio: 0.1234567890123456, nested: { empty: [] } },
  requestedBy: 'U0REQUEST1',
  channel: 'C0LABOPS1',
  triggerId: '1234.5678.abcdef',
  locale: 'en',
};

describe('ApprovalStore', () => {
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

  function newStore(options: ApprovalStoreOptions = {}) {
    const captured = captureLogger();
    const keyPrefix = `test:${randomUUID()}:approval:`;
    return { store: new ApprovalStore(redis, captured.logger, { keyPrefix, ...options }), keyPrefix, ...captured };
  }

  it('creates and reads back an approval', async () => {
    const now = new Date('2025-03-01T10:00:00.000Z');
    const { store, lines } = newStore({ now: () => now });

    const created = await store.create({ ...request, force: true }, { ttlMs: 60_000 });
    const read = await store.get(created.id);

    expect(created.id).toMatch(/^apr_[0-9a-f]{20}$/);
    expect(created.status).toBe('pending');
    expect(created.createdAt).toEqual(now);
    expect(created.expiresAt).toEqual(new Date('2025-03-01T10:01:00.000Z'));
    expect(read).toEqual(created);
    expect(read?.params).toEqual(request.params);
    expect(read?.force).toBe(true);
    expect(lines.some((line) => line.msg === 'approval created' && line.approvalId === created.id && line.target === 'orders-db')).toBe(true);
  });

  it('gives each approval a different id', async () => {
    const { store } = newStore();
    const first = await store.create(request);
    const second = await store.create(request);
    expect(first.id).not.toBe(second.id);
  });

  it('defaults to a 15-minute expiry', async () => {
    const now = new Date('2025-03-01T10:00:00.000Z');
    const { store } = newStore({ now: () => now });
    const created = await store.create(request);
    expect(created.expiresAt.getTime() - now.getTime()).toBe(15 * 60_000);
  });

  it('attaches the approval message', async () => {
    const { store } = newStore();
    const created = await store.create(request);

    expect(await store.attachMessage(created.id, { channel: 'C0LABOPS1', ts: '1700000000.000100' })).toBe(true);
    const read = await store.get(created.id);
    expect(read?.messageChannel).toBe('C0LABOPS1');
    expect(read?.messageTs).toBe('1700000000.000100');
  });

  it('does not attach a message to an unknown approval', async () => {
    const { store, keyPrefix } = newStore();
    const id = 'apr_00000000000000000000';
    expect(await store.attachMessage(id, { channel: 'C0LABOPS1', ts: '1.2' })).toBe(false);
    expect(await redis.exists(`${keyPrefix}${id}`)).toBe(0);
  });

  it('returns undefined for forged and unknown ids', async () => {
    const { store } = newStore();
    await store.create(request);

    for (const id of ['', 'apr_', 'apr_ZZZZZZZZZZZZZZZZZZZZ', 'apr_0000000000000000000000', '../apr_00000000000000000000', '*', 'apr_0000000000000000000*']) {
      expect(await store.get(id)).toBeUndefined();
      expect(await store.decide(id, { verdict: 'approved', by: 'U0APPROVE1', at: new Date() })).toEqual({ outcome: 'not-found' });
    }
    expect(await store.get('apr_0123456789abcdef0123')).toBeUndefined();
    expect(await store.decide('apr_0123456789abcdef0123', { verdict: 'approved', by: 'U0APPROVE1', at: new Date() })).toEqual({ outcome: 'not-found' });
  });

  it('records an approval with its decider', async () => {
    const { store, lines } = newStore();
    const created = await store.create(request);
    const at = new Date(created.createdAt.getTime() + 1_000);

    const result = await store.decide(created.id, { verdict: 'approved', by: 'U0APPROVE1', at });

    expect(result.outcome).toBe('decided');
    const approval = result.outcome === 'decided' ? result.approval : undefined;
    expect(approval?.status).toBe('approved');
    expect(approval?.verdict).toBe('approved');
    expect(approval?.decidedBy).toBe('U0APPROVE1');
    expect(approval?.decidedAt).toEqual(at);
    expect(approval?.breakGlassReason).toBeUndefined();
    expect((await store.get(created.id))?.status).toBe('approved');
    expect(lines.some((line) => line.msg === 'approval decided' && line.approvalId === created.id)).toBe(true);
  });

  it('records the break-glass reason', async () => {
    const { store } = newStore();
    const created = await store.create(request);

    const result = await store.decide(created.id, { verdict: 'approved', by: 'U0REQUEST1', at: new Date(), breakGlassReason: 'on-call alone, primary down' });

    expect(result.outcome).toBe('decided');
    expect((await store.get(created.id))?.breakGlassReason).toBe('on-call alone, primary down');
  });

  it('keeps a rejection when approved later', async () => {
    const { store } = newStore();
    const created = await store.create(request);

    const rejected = await store.decide(created.id, { verdict: 'rejected', by: 'U0APPROVE1', at: new Date() });
    const approved = await store.decide(created.id, { verdict: 'approved', by: 'U0APPROVE2', at: new Date() });

    expect(rejected.outcome).toBe('decided');
    expect(approved.outcome).toBe('already-decided');
    const approval = approved.outcome === 'already-decided' ? approved.approval : undefined;
    expect(approval?.status).toBe('rejected');
    expect(approval?.decidedBy).toBe('U0APPROVE1');
    expect(approval?.verdict).toBe('rejected');
  });

  it('lets the first of 20 concurrent decisions win', async () => {
    const { store: creator, keyPrefix } = newStore();
    const created = await creator.create(request);
    const connections = Array.from({ length: 4 }, () => new Redis(server.url));
    try {
      const stores = connections.map((connection) => new ApprovalStore(connection, captureLogger().logger, { keyPrefix }));
      const at = new Date();
      const results: DecideResult[] = await Promise.all(
        Array.from({ length: 20 }, (_, index) =>
          (stores[index % stores.length] as ApprovalStore).decide(created.id, {
            verdict: index % 2 === 0 ? 'approved' : 'rejected',
            by: `U0APPROVER${index}`,
            at,
          }),
        ),
      );

      const decided = results.filter((result) => result.outcome === 'decided');
      const others = results.filter((result) => result.outcome === 'already-decided');
      expect(decided).toHaveLength(1);
      expect(others).toHaveLength(19);
      const winner = decided[0]?.outcome === 'decided' ? decided[0].approval : undefined;
      expect(winner?.decidedBy).toMatch(/^U0APPROVER\d+$/);
      for (const other of others) {
        const approval = other.outcome === 'already-decided' ? other.approval : undefined;
        expect(approval?.decidedBy).toBe(winner?.decidedBy);
        expect(approval?.verdict).toBe(winner?.verdict);
      }
    } finally {
      for (const connection of connections) connection.disconnect();
    }
  });

  it('reports a decision at the expiry time as expired', async () => {
    const { store } = newStore();
    const created = await store.create(request, { ttlMs: 60_000 });

    const result = await store.decide(created.id, { verdict: 'approved', by: 'U0APPROVE1', at: created.expiresAt });

    expect(result.outcome).toBe('expired');
    const approval = result.outcome === 'expired' ? result.approval : undefined;
    expect(approval?.status).toBe('expired');
    expect(approval?.decidedBy).toBeUndefined();
  });

  it('accepts a decision one ms before expiry', async () => {
    const { store } = newStore();
    const created = await store.create(request, { ttlMs: 60_000 });
    const result = await store.decide(created.id, { verdict: 'approved', by: 'U0APPROVE1', at: new Date(created.expiresAt.getTime() - 1) });
    expect(result.outcome).toBe('decided');
  });

  it('keeps an expired approval expired', async () => {
    const { store } = newStore();
    const created = await store.create(request, { ttlMs: 60_000 });
    const late = new Date(created.expiresAt.getTime() + 5_000);

    const first = await store.decide(created.id, { verdict: 'approved', by: 'U0APPROVE1', at: late });
    const second = await store.decide(created.id, { verdict: 'approved', by: 'U0APPROVE1', at: created.createdAt });

    expect(first.outcome).toBe('expired');
    expect(second.outcome).toBe('expired');
  });

  it('reads a pending approval past expiry as expired', async () => {
    let now = new Date('2025-03-01T10:00:00.000Z');
    const { store } = newStore({ now: () => now });
    const created = await store.create(request, { ttlMs: 60_000 });

    now = new Date('2025-03-01T10:00:59.999Z');
    expect((await store.get(created.id))?.status).toBe('pending');
    now = new Date('2025-03-01T10:01:00.000Z');
    expect((await store.get(created.id))?.status).toBe('expired');
  });

  it('keeps the key past expiry, then drops it', async () => {
    const { store, keyPrefix } = newStore({ retainAfterExpiryMs: 150 });
    const created = await store.create(request, { ttlMs: 100 });

    const ttl = await redis.pttl(`${keyPrefix}${created.id}`);
    expect(ttl).toBeGreaterThan(100);
    expect(ttl).toBeLessThanOrEqual(250);
    await vi.waitFor(async () => expect(await store.get(created.id)).toBeUndefined(), { timeout: 3_000, interval: 50 });
  });

  it('keeps the key expiry after a decision', async () => {
    const { store, keyPrefix } = newStore({ retainAfterExpiryMs: 60_000 });
    const created = await store.create(request, { ttlMs: 60_000 });
    await store.decide(created.id, { verdict: 'approved', by: 'U0APPROVE1', at: new Date() });
    expect(await redis.pttl(`${keyPrefix}${created.id}`)).toBeGreaterThan(60_000);
  });

  it('rejects invalid input', async () => {
    const { store } = newStore();
    await expect(store.create(request, { ttlMs: 0 })).rejects.toBeInstanceOf(PxmysqlError);
    await expect(store.create(request, { ttlMs: 1.5 })).rejects.toThrow(/ttlMs must be a positive integer/);
    await expect(store.create({ ...request, target: '' })).rejects.toThrow(/target is missing or empty/);
    await expect(store.decide('apr_0123456789abcdef0123', { verdict: 'approved', by: '', at: new Date() })).rejects.toThrow(/by/);
    await expect(store.decide('apr_0123456789abcdef0123', { verdict: 'approved', by: 'U1', at: new Date(Number.NaN) })).rejects.toThrow(/invalid Date/);
  });
});
