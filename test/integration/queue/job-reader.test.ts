import { randomUUID } from 'node:crypto';
import { Worker } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RedisProcess } from '../../../src/lab/processes/redis-server.js';
import type { StatusJobData } from '../../../src/queue/job-data.js';
import { JobProducer } from '../../../src/queue/job-producer.js';
import { JobReader } from '../../../src/queue/job-reader.js';
import { createProducerConnection } from '../../../src/queue/redis-connections.js';
import { CancelRequests } from '../../../src/runtime/cancel-requests.js';
import { waitFor } from '../../support/lab-approvals.js';
import { captureLogger } from '../../support/capture-logger.js';
import { startTestRedis } from '../../support/services.js';

function statusData(triggerId: string, target = 'orders-db'): StatusJobData {
  return { operation: 'status', target, requestedBy: 'U0LABONC1', channel: 'C0LABOPS1', triggerId, locale: 'zh-CN', threadTs: '1733350000.000100' };
}

describe('JobReader and CancelRequests on Redis', () => {
  let redis: RedisProcess;
  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });

  it('lists running and waiting jobs before finished ones, with the outcome of each', async () => {
    const { logger } = captureLogger();
    const queueName = `test-${randomUUID()}`;
    const connection = createProducerConnection(redis.url, logger);
    const producer = new JobProducer(connection, queueName, logger);
    const reader = new JobReader(connection, queueName);
    let releaseRunning: () => void = () => undefined;
    const running = new Promise<void>((resolve) => {
      releaseRunning = resolve;
    });
    const worker = new Worker<StatusJobData>(
      queueName,
      async (job) => {
        if (job.data.triggerId === 'fail') throw new Error('boom');
        if (job.data.triggerId === 'run') await running;
        return { outcome: job.data.triggerId === 'cancel' ? 'cancelled' : 'succeeded' };
      },
      { connection: new Redis(redis.url, { maxRetriesPerRequest: null }), concurrency: 1 },
    );
    try {
      for (const id of ['ok', 'fail', 'cancel']) await producer.enqueue(statusData(id));
      await producer.enqueue(statusData('other', 'billing-db'));
      await waitFor('four finished jobs', async () => (await reader.list({ limit: 10 })).filter((job) => job.finishedAt !== undefined).length === 4);
      await producer.enqueue(statusData('run'));
      await waitFor('a running job', async () => (await reader.list({ limit: 10 })).some((job) => job.state === 'running'));
      await producer.enqueue(statusData('wait'));

      const jobs = await reader.list({ target: 'orders-db', limit: 10 });
      const states = jobs.map((job) => [job.id, job.state]);
      expect(states.slice(0, 2)).toEqual([
        ['status-run', 'running'],
        ['status-wait', 'waiting'],
      ]);
      // Jobs that end in the same millisecond have no order between them.
      expect(new Map(states.slice(2) as Array<[string, string]>)).toEqual(
        new Map([
          ['status-cancel', 'cancelled'],
          ['status-fail', 'failed'],
          ['status-ok', 'succeeded'],
        ]),
      );
      const ends = jobs.slice(2).map((job) => job.finishedAt?.getTime() ?? 0);
      expect(ends).toEqual([...ends].sort((a, b) => b - a));
      expect(jobs[0]).toMatchObject({ operation: 'status', target: 'orders-db', requestedBy: 'U0LABONC1', channel: 'C0LABOPS1', locale: 'zh-CN', threadTs: '1733350000.000100' });
      expect((await reader.list({ limit: 2 })).map((job) => job.id)).toEqual(['status-run', 'status-wait']);

      const found = await reader.find('status-wait');
      expect(found?.summary.state).toBe('waiting');
      expect(await reader.find('status-missing')).toBeUndefined();
    } finally {
      releaseRunning();
      await worker.close();
      await reader.close();
      await producer.close();
      connection.disconnect();
    }
  });

  it('keeps the first cancel request of a job', async () => {
    const connection = new Redis(redis.url);
    try {
      const cancels = new CancelRequests(connection, `test-${randomUUID()}:`);
      expect(await cancels.find('failover-1')).toBeUndefined();
      const first = await cancels.request('failover-1', 'U0LABONC1', new Date('2026-12-04T22:00:00Z'));
      const second = await cancels.request('failover-1', 'U0LABADM1', new Date('2026-12-04T22:01:00Z'));
      expect(first).toEqual({ by: 'U0LABONC1', at: '2026-12-04T22:00:00.000Z' });
      expect(second).toEqual(first);
      expect(await cancels.find('failover-1')).toEqual(first);
      expect(await cancels.find('failover-2')).toBeUndefined();
    } finally {
      connection.disconnect();
    }
  });
});
