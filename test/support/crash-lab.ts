import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { startLab, type Lab } from '../../src/lab/launcher/start-lab.js';
import { labWorkerEnvironment } from '../../src/lab/launcher/worker-environment.js';
import type { RedisProcess } from '../../src/lab/processes/redis-server.js';
import type { JobData } from '../../src/queue/job-data.js';
import { captureLogger } from './capture-logger.js';
import { uniquePodSubnet } from './pod-subnet.js';
import { startTestRedis } from './services.js';
import { buildProduct } from './worker-process.js';

/**
 * Short BullMQ settings for spawned workers. A killed worker's job lock expires after 1.5 s, and the
 * next worker checks for stalled jobs every 0.7 s. So it resumes the job about 2 s after the kill,
 * where the defaults of 30 s each would take up to a minute.
 */
export const SHORT_WORKER_SETTINGS = { PXMYSQL_WORKER_LOCK_DURATION_MS: '1500', PXMYSQL_WORKER_STALLED_INTERVAL_MS: '700' };

/** A lab whose bot runs no worker, so a test starts `pxmysql worker` processes that crash after a step. */
export interface CrashLab {
  lab: Lab;
  /** Environment of a `pxmysql worker` process against this lab, with SHORT_WORKER_SETTINGS. */
  workerEnvironment: Record<string, string>;
  /** The lab's job queue, to read jobs and their stored state. */
  queue: Queue<JobData>;
  stop(): Promise<void>;
}

/** Builds dist/ (workers run the compiled code) and starts a lab with its own Redis, queue and folder. */
export async function startCrashLab(folderPrefix: string): Promise<CrashLab> {
  await buildProduct();
  const directory = await mkdtemp(join(tmpdir(), folderPrefix));
  const redis: RedisProcess = await startTestRedis();
  const lab = await startLab({
    directory,
    logger: captureLogger('info').logger,
    redisUrl: redis.url,
    queueName: `test-${randomUUID()}`,
    worker: false,
    writeState: false,
    podSubnet: uniquePodSubnet(),
  });
  const queueRedis = new Redis(redis.url, { maxRetriesPerRequest: null });
  const queue = new Queue<JobData>(lab.config.queue.name, { connection: queueRedis });
  return {
    lab,
    workerEnvironment: { ...labWorkerEnvironment(lab.config), ...SHORT_WORKER_SETTINGS, LOG_LEVEL: 'info' },
    queue,
    stop: async () => {
      await queue.close();
      queueRedis.disconnect();
      await lab.stop();
      await redis.stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
