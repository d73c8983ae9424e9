import { randomUUID } from 'node:crypto';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { IncidentJobData } from '../../../jobs/incident/incident-data.js';
import { PxmysqlError } from '../../../src/errors.js';
import { createIncidentOpener } from '../../../src/incidents/incident-opener.js';
import type { IncidentRequest } from '../../../src/incidents/incident-request.js';
import { openIncidentAfterFailure } from '../../../src/incidents/open-after-failure.js';
import type { RedisProcess } from '../../../src/lab/processes/redis-server.js';
import type { JobData } from '../../../src/queue/job-data.js';
import { JobProducer } from '../../../src/queue/job-producer.js';
import { createProducerConnection } from '../../../src/queue/redis-connections.js';
import { captureLogger } from '../../support/capture-logger.js';
import { startTestRedis } from '../../support/services.js';

const SOURCE = { channel: 'C0LABOPS1', ts: '1796423460.120000' };

function failedJob(operation: 'failover' | 'status' | 'expand', error: unknown): Parameters<typeof openIncidentAfterFailure>[1] {
  const data = { operation, target: 'orders-db', requestedBy: 'U0LABONC1', channel: 'C0LABOPS1', triggerId: 'trigger-1', locale: 'en' } as JobData;
  return { data, jobId: `${operation}-apr_1`, threadTs: SOURCE.ts, error, errorId: 'abcd1234' };
}

describe('incident opener', () => {
  let redis: RedisProcess;
  let producer: JobProducer;
  let reader: Queue;
  const logs = captureLogger();

  beforeAll(async () => {
    redis = await startTestRedis();
  });
  afterAll(async () => {
    await redis.stop();
  });
  beforeEach(() => {
    const queueName = `test-${randomUUID()}`;
    producer = new JobProducer(createProducerConnection(redis.url, logs.logger), queueName, logs.logger);
    reader = new Queue(queueName, { connection: new Redis(redis.url, { maxRetriesPerRequest: null }) });
  });
  afterEach(async () => {
    await producer.close();
    await reader.close();
  });

  it('enqueues one job per dedupe key', async () => {
    const open = createIncidentOpener(producer, logs.logger);
    const request: IncidentRequest = { target: 'orders-db', operation: 'health', trigger: 'health-alert', title: 'pod not Ready for 10 min', sourceThread: SOURCE, dedupeKey: 'alert-42', locale: 'zh-CN' };
    await open(request);
    await open({ ...request, title: 'seen again' });

    expect(await reader.getJobCounts('waiting')).toEqual({ waiting: 1 });
    const job = await reader.getJob('incident-alert-42');
    const data = job?.data as IncidentJobData;
    expect(data.operation).toBe('incident');
    expect(data.channel).toBe('C0LABOPS1');
    expect(data.locale).toBe('zh-CN');
    expect(data.incident).toEqual({ about: 'health', trigger: 'health-alert', title: 'pod not Ready for 10 min', sourceThread: SOURCE, dedupeKey: 'alert-42' });
  });

  it('rejects a request without a channel', async () => {
    const open = createIncidentOpener(producer, logs.logger);
    const failure = await open({ target: 'orders-db', operation: 'health', trigger: 'health-alert', title: 't', dedupeKey: 'alert-43', locale: 'en' }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PxmysqlError);
    expect((failure as PxmysqlError).code).toBe('incident_no_channel');
  });

  it('opens one for a failed failover', async () => {
    const open = createIncidentOpener(producer, logs.logger);
    const error = new PxmysqlError('failover_preflight_failed', 'replication is not Up');
    expect(await openIncidentAfterFailure(open, failedJob('failover', error), logs.logger)).toBe(true);

    const data = (await reader.getJob('incident-failover-apr_1'))?.data as IncidentJobData;
    expect(data.requestedBy).toBe('U0LABONC1');
    expect(data.incident).toMatchObject({ about: 'failover', trigger: 'job-failed', title: 'replication is not Up', failedJobId: 'failover-apr_1', sourceThread: SOURCE });
  });

  it('hides messages of internal errors', async () => {
    const open = createIncidentOpener(producer, logs.logger);
    expect(await openIncidentAfterFailure(open, failedJob('expand', new Error('password=secret')), logs.logger)).toBe(true);
    const data = (await reader.getJob('incident-expand-apr_1'))?.data as IncidentJobData;
    expect(data.incident.title).toBe('internal error (error id abcd1234)');
  });

  it('skips cancelled, refused and read-only jobs', async () => {
    const open = createIncidentOpener(producer, logs.logger);
    expect(await openIncidentAfterFailure(open, failedJob('failover', new PxmysqlError('job_cancelled', 'cancelled by U0LABADM1')), logs.logger)).toBe(false);
    expect(await openIncidentAfterFailure(open, failedJob('status', new PxmysqlError('kube_unreachable', 'down')), logs.logger)).toBe(false);
    expect(await openIncidentAfterFailure(undefined, failedJob('failover', new PxmysqlError('x', 'y')), logs.logger)).toBe(false);
    const locked = new PxmysqlError('target_locked', 'target orders-db is locked by expand job expand-1', { kind: 'user' });
    expect(await openIncidentAfterFailure(open, failedJob('failover', locked), logs.logger)).toBe(false);
    expect(await reader.getJobCounts('waiting')).toEqual({ waiting: 0 });
  });
});
