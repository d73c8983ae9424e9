import { Queue } from 'bullmq';
import type { Redis } from 'ioredis';
import { withTimeout } from '../audit/with-timeout.js';
import { PxmysqlError } from '../errors.js';
import type { Logger } from '../logging.js';
import type { JobData } from '../queue/job-data.js';
import { scheduledJobData, type ScheduledJobData } from './schedule-jobs.js';
import type { ScheduleSpec } from './schedule-types.js';

/** A schedule as stored in BullMQ, with the time of its next run. */
export interface StoredSchedule {
  spec: ScheduleSpec;
  /** Epoch milliseconds of the next run, when BullMQ reports one. */
  next: number | undefined;
}

/** How long BullMQ keeps the jobs of finished runs. */
const KEEP_COMPLETED = { age: 7 * 24 * 3600, count: 200 };
const KEEP_FAILED = { age: 30 * 24 * 3600, count: 200 };

/**
 * Schedules stored as BullMQ job schedulers, one per schedule id. Upserting an id replaces its
 * pattern and template, so repeating an upsert (several bot starts) leaves one scheduler.
 */
export class ScheduleStore {
  private readonly queue: Queue<JobData>;

  constructor(
    connection: Redis,
    queueName: string,
    private readonly logger: Logger,
    private readonly timeoutMs = 5_000,
  ) {
    this.queue = new Queue<JobData>(queueName, { connection });
    this.queue.on('error', (error) => this.logger.warn({ err: error, queue: queueName }, 'schedule queue error'));
  }

  /** Resolves once the Redis connection is ready; the producer connection rejects commands before that. */
  async waitUntilReady(): Promise<void> {
    await this.queue.waitUntilReady();
  }

  /** Creates or replaces the job scheduler of `spec.id`, and returns the schedule it replaced, if any. */
  async upsert(spec: ScheduleSpec): Promise<StoredSchedule | undefined> {
    const previous = await this.get(spec.id);
    const data = scheduledJobData(spec);
    await this.call(
      `upserting job scheduler ${spec.id}`,
      this.queue.upsertJobScheduler(spec.id, { pattern: spec.cron, tz: spec.timezone }, { name: data.operation, data, opts: { attempts: 1, removeOnComplete: KEEP_COMPLETED, removeOnFail: KEEP_FAILED } }),
    );
    this.logger.info({ scheduleId: spec.id, target: spec.target, cron: spec.cron, timezone: spec.timezone, replaced: previous !== undefined }, 'upserted job scheduler');
    return previous;
  }

  async get(id: string): Promise<StoredSchedule | undefined> {
    const scheduler = await this.call(`reading job scheduler ${id}`, this.queue.getJobScheduler(id));
    return scheduler === undefined ? undefined : toStored(scheduler);
  }

  /** Lists pxmysql's schedules, of one target or of all, by next run. Schedulers without a schedule in their template are skipped. */
  async list(target?: string): Promise<StoredSchedule[]> {
    const schedulers = await this.call('listing job schedulers', this.queue.getJobSchedulers(0, -1, true));
    const stored = schedulers.map(toStored).filter((item): item is StoredSchedule => item !== undefined);
    return target === undefined ? stored : stored.filter((item) => item.spec.target === target);
  }

  /** Removes a schedule's job scheduler and its next delayed run. Returns false when there was none. */
  async remove(id: string): Promise<boolean> {
    const removed = await this.call(`removing job scheduler ${id}`, this.queue.removeJobScheduler(id));
    this.logger.info({ scheduleId: id, removed }, 'removed job scheduler');
    return removed;
  }

  async close(): Promise<void> {
    await this.queue.close();
  }

  private async call<T>(description: string, promise: Promise<T>): Promise<T> {
    try {
      return await withTimeout(promise, this.timeoutMs, description);
    } catch (error) {
      this.logger.error({ err: error }, `schedule store: ${description} failed`);
      throw new PxmysqlError('queue_unavailable', `${description} failed: the job queue (Redis) is unavailable`, {
        kind: 'retryable',
        cause: error,
        messageKey: 'error.queueUnavailable',
      });
    }
  }
}

function toStored(scheduler: { template?: { data?: unknown }; next?: number }): StoredSchedule | undefined {
  const data = scheduler.template?.data as Partial<ScheduledJobData> | undefined;
  if (data?.schedule === undefined) return undefined;
  return { spec: data.schedule, next: scheduler.next };
}
