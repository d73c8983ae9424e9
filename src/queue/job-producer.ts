import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { PxmysqlError } from '../errors.js';
import type { Logger } from '../logging.js';
import { jobIdFor, type JobData } from './job-data.js';

export interface EnqueueResult {
  jobId: string;
  /** False when a job with this id already existed (Slack delivered the command twice). */
  created: boolean;
}

/** Adds jobs to the BullMQ queue from the Slack request path, failing fast when Redis is down. */
export class JobProducer {
  private readonly queue: Queue<JobData>;

  constructor(
    private readonly connection: Redis,
    queueName: string,
    private readonly logger: Logger,
    private readonly timeoutMs = 2_000,
  ) {
    this.queue = new Queue<JobData>(queueName, { connection });
    this.queue.on('error', (error) => this.logger.warn({ err: error, queue: queueName }, 'job queue error'));
  }

  /**
   * Adds a job whose id derives from `idSource`: the command's trigger id by default, or the
   * approval id for approved operations. A repeated delivery of the same command or click adds nothing.
   */
  async enqueue(data: JobData, idSource: string = data.triggerId): Promise<EnqueueResult> {
    const jobId = jobIdFor(data.operation, idSource);
    try {
      const existing = await withTimeout(this.queue.getJob(jobId), this.timeoutMs);
      if (existing) return { jobId, created: false };
      await withTimeout(
        this.queue.add(data.operation, data, { jobId, attempts: 1, removeOnComplete: { age: 7 * 24 * 3600, count: 1000 }, removeOnFail: { age: 30 * 24 * 3600 } }),
        this.timeoutMs,
      );
      return { jobId, created: true };
    } catch (error) {
      this.logger.error({ err: error, jobId, target: data.target }, 'cannot enqueue job: queue unavailable');
      throw new PxmysqlError('queue_unavailable', `cannot enqueue ${jobId}: the job queue (Redis) is unavailable`, {
        kind: 'retryable',
        cause: error,
        messageKey: 'error.queueUnavailable',
      });
    }
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Redis did not respond within ${timeoutMs} ms`)), timeoutMs);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
