import { randomUUID } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AuditLog, type AuditLogOptions } from '../../../src/audit/audit-log.js';
import { PxmysqlError } from '../../../src/errors.js';
import type { RedisProcess } from '../../../src/lab/processes/redis-server.js';
import { captureLogger } from '../../support/capture-logger.js';
import { startTestRedis } from '../../support/services.js';

describe('AuditLog', () => {
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

  function newAudit(options: AuditLogOptions = {}) {
    const captured = captureLogger();
    const streamKey = `test:${randomUUID()}:audit`;
    return { audit: new AuditLog(redis, captured.logger, { streamKey, ...options }), streamKey, ...captured };
  }

  it('records and reads back an entry', async () => {
    const at = new Date('2025-03-01T10:00:00.000Z');
    const { audit, streamKey } = newAudit({ now: () => at });

    const id = await audit.record({
      type: 'request',
      user: 'U0REQUEST1',
      target: 'orders-db',
      operation: 'failover',
      approvalId: 'apr_0123456789abcdef0123',
      params: { force: false, nodes: ['gke-a', 'gke-b'] },
    });

    expect(id).toMatch(/^\d+-\d+$/);
    expect(await audit.recent({ count: 10 })).toEqual([
      {
        id,
        at,
        type: 'request',
        user: 'U0REQUEST1',
        target: 'orders-db',
        operation: 'failover',
        approvalId: 'apr_0123456789abcdef0123',
        params: { force: false, nodes: ['gke-a', 'gke-b'] },
      },
    ]);
    const [[, fields] = ['', []]] = await redis.xrange(streamKey, '-', '+');
    expect(fields).toEqual([
      'type', 'request',
      'at', '2025-03-01T10:00:00.000Z',
      'user', 'U0REQUEST1',
      'target', 'orders-db',
      'operation', 'failover',
      'approvalId', 'apr_0123456789abcdef0123',
      'params', '{"force":false,"nodes":["gke-a","gke-b"]}',
    ]);
  });

  it('returns entries newest first', async () => {
    const { audit } = newAudit();
    for (const jobId of ['job-1', 'job-2', 'job-3', 'job-4']) await audit.record({ type: 'job-start', jobId });

    const entries = await audit.recent({ count: 3 });

    expect(entries.map((entry) => entry.jobId)).toEqual(['job-4', 'job-3', 'job-2']);
  });

  it('returns an empty list for an empty stream', async () => {
    const { audit } = newAudit();
    expect(await audit.recent({ count: 5 })).toEqual([]);
    expect(await audit.recent({ count: 5, target: 'orders-db' })).toEqual([]);
  });

  it('filters by target across pages', async () => {
    const { audit } = newAudit({ pageSize: 10 });
    await audit.record({ type: 'job-end', target: 'orders-db', jobId: 'oldest' });
    for (let index = 0; index < 35; index += 1) await audit.record({ type: 'job-start', target: 'billing-db', jobId: `billing-${index}` });
    await audit.record({ type: 'job-end', target: 'orders-db', jobId: 'middle' });
    for (let index = 0; index < 12; index += 1) await audit.record({ type: 'job-start', target: 'billing-db', jobId: `billing-late-${index}` });
    await audit.record({ type: 'job-end', target: 'orders-db', jobId: 'newest' });

    const all = await audit.recent({ target: 'orders-db', count: 10 });
    const two = await audit.recent({ target: 'orders-db', count: 2 });

    expect(all.map((entry) => entry.jobId)).toEqual(['newest', 'middle', 'oldest']);
    expect(two.map((entry) => entry.jobId)).toEqual(['newest', 'middle']);
    expect(await audit.recent({ target: 'unknown-db', count: 5 })).toEqual([]);
  });

  it('trims the stream approximately', async () => {
    const { audit, streamKey } = newAudit({ maxLength: 100 });
    for (let index = 0; index < 1_000; index += 1) await audit.record({ type: 'job-start', jobId: `job-${index}` });

    const length = await redis.xlen(streamKey);

    // Approximate trimming removes whole stream nodes of up to 100 entries (stream-node-max-entries).
    expect(length).toBeGreaterThanOrEqual(100);
    expect(length).toBeLessThanOrEqual(200);
    expect((await audit.recent({ count: 1 }))[0]?.jobId).toBe('job-999');
  });

  it('drops secret params before writing', async () => {
    const { audit, streamKey } = newAudit();
    await audit.record({
      type: 'request',
      target: 'orders-db',
      params: { database: 'orders', password: 'p1', rootPassword: 'p2', botToken: 'xoxb-1', signing_secret: 's1', nested: { apiKey: 'k1', keep: 1 } },
    });

    const [entry] = await audit.recent({ count: 1 });
    const raw = JSON.stringify(await redis.xrange(streamKey, '-', '+'));

    expect(entry?.params).toEqual({ database: 'orders', nested: { keep: 1 } });
    for (const secret of ['p1', 'p2', 'xoxb-1', 's1', 'k1']) expect(raw).not.toContain(secret);
  });

  it('rejects an unknown entry type', async () => {
    const { audit } = newAudit();
    await expect(audit.record({ type: 'login' as 'request' })).rejects.toThrow(/audit entry type must be one of/);
    await expect(audit.recent({ count: 0 })).rejects.toThrow(/count must be a positive integer/);
  });

  it('times out when Redis does not answer', async () => {
    const silent = await startSilentServer();
    const connection = new Redis({ host: '127.0.0.1', port: silent.port, maxRetriesPerRequest: null });
    connection.on('error', () => undefined);
    const { logger, lines } = captureLogger();
    const audit = new AuditLog(connection, logger, { timeoutMs: 150 });
    try {
      const started = Date.now();
      const error = await audit.record({ type: 'decision', target: 'orders-db', approvalId: 'apr_0123456789abcdef0123' }).catch((caught: unknown) => caught);

      expect(Date.now() - started).toBeLessThan(2_000);
      expect(error).toBeInstanceOf(PxmysqlError);
      expect((error as PxmysqlError).code).toBe('audit_unavailable');
      expect((error as PxmysqlError).kind).toBe('retryable');
      const logged = lines.find((line) => line.msg === 'cannot write the audit entry');
      expect(logged).toMatchObject({ auditType: 'decision', target: 'orders-db', approvalId: 'apr_0123456789abcdef0123', level: 50 });
    } finally {
      connection.disconnect();
      await silent.close();
    }
  });
});

/** Starts a loopback TCP server that accepts connections and never replies, like a hung Redis. */
async function startSilentServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('silent server has no TCP address');
  return {
    port: address.port,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
