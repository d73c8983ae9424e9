import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PxmysqlError } from '../../../src/errors.js';
import type { RedisProcess } from '../../../src/lab/processes/redis-server.js';
import { JobProducer } from '../../../src/queue/job-producer.js';
import type { StatusJobData } from '../../../src/queue/job-data.js';
import { createProducerConnection } from '../../../src/queue/redis-connections.js';
import { captureLogger } from '../../support/capture-logger.js';
import { startTestRedis } from '../../support/services.js';

function statusData(triggerId: string): StatusJobData {
  return { operation: 'status', target: 'orders-db', requestedBy: 'U0LABONC1', channel: 'C0LABOPS1', triggerId, locale: 'en' };
}

describe('JobProducer', () => {
  let redis: RedisProcess;
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('enqueues one job per trigger id', async () => {
    const { logger } = captureLogger();
    const queueName = `test-${randomUUID()}`;
    const connection = createProducerConnection(redis.url, logger);
    const producer = new JobProducer(connection, queueName, logger);
    const reader = new Queue(queueName, { connection: new Redis(redis.url, { maxRetriesPerRequest: null }) });
    try {
      const first = await producer.enqueue(statusData('1234.5678.abcdef'));
      const again = await producer.enqueue(statusData('1234.5678.abcdef'));
      expect(first).toEqual({ jobId: 'status-1234.5678.abcdef', created: true });
      expect(again).toEqual({ jobId: 'status-1234.5678.abcdef', created: false });
      expect(await reader.getJobCounts('waiting')).toEqual({ waiting: 1 });
      const job = await reader.getJob(first.jobId);
      expect(job?.name).toBe('status');
      expect(job?.data).toMatchObject({ target: 'orders-db', requestedBy: 'U0LABONC1' });
    } finally {
      await producer.close();
      connection.disconnect();
      await reader.close();
    }
  });

  it('fails fast with queue_unavailable when Redis is down', async () => {
    const { logger, lines } = captureLogger();
    const down = await startTestRedis();
    const connection = createProducerConnection(down.url, logger);
    const producer = new JobProducer(connection, `test-${randomUUID()}`, logger, 1_500);
    try {
      await producer.enqueue(statusData('warm.up.1'));
      await down.stop();

      const error = await producer.enqueue(statusData('9999.1.dead')).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(PxmysqlError);
      expect((error as PxmysqlError).code).toBe('queue_unavailable');
      expect((error as PxmysqlError).messageKey).toBe('error.queueUnavailable');
      expect(lines.some((line) => line.msg === 'cannot enqueue job: queue unavailable' && line.jobId === 'status-9999.1.dead')).toBe(true);
    } finally {
      await producer.close().catch(() => undefined);
      connection.disconnect();
    }
  });
});
