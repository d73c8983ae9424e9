import { Queue, type Job, type JobType } from 'bullmq';
import type { Redis } from 'ioredis';
import type { Locale } from '../config/app-config.js';
import type { JobData } from './job-data.js';

/** State of a job as `/pxmysql jobs` shows it. `cancelled` is a completed job whose outcome was a cancel. */
export type JobListState = 'waiting' | 'running' | 'succeeded' | 'failed' | 'cancelled';

export interface JobSummary {
  id: string;
  operation: string;
  target: string;
  state: JobListState;
  /** Slack user id of the requester, when a person asked. */
  requestedBy: string;
  channel: string;
  threadTs: string | undefined;
  /** Language of the job's thread. */
  locale: Locale;
  createdAt: Date;
  startedAt: Date | undefined;
  finishedAt: Date | undefined;
}

const PENDING_TYPES: JobType[] = ['waiting', 'delayed', 'prioritized', 'waiting-children'];

/** Reads jobs of the pxmysql queue for the operations overview, and removes jobs not yet started. */
export class JobReader {
  private readonly queue: Queue<JobData>;

  constructor(connection: Redis, queueName: string) {
    this.queue = new Queue<JobData>(queueName, { connection });
  }

  async find(jobId: string): Promise<{ summary: JobSummary; job: Job<JobData> } | undefined> {
    const job = await this.queue.getJob(jobId);
    if (job === undefined || job.id === undefined) return undefined;
    const state = await job.getState();
    return { summary: summarize(job, state), job };
  }

  /**
   * Returns running jobs, then waiting ones, each newest first, then finished ones, the last to end
   * first: at most `limit` in all. It reads `scan` jobs of each kind, so a target with few jobs
   * among many of other targets may show fewer than `limit`.
   */
  async list(options: { target?: string; limit: number; scan?: number }): Promise<JobSummary[]> {
    const scan = options.scan ?? 200;
    const [active, pending, completed, failed] = await Promise.all([
      this.queue.getJobs(['active'], 0, scan - 1),
      this.queue.getJobs(PENDING_TYPES, 0, scan - 1),
      this.queue.getJobs(['completed'], 0, scan - 1),
      this.queue.getJobs(['failed'], 0, scan - 1),
    ]);
    const matches = (job: Job<JobData>) => job.id !== undefined && (options.target === undefined || job.data.target === options.target);
    const newest = (a: JobSummary, b: JobSummary) => b.createdAt.getTime() - a.createdAt.getTime();
    const latestEnd = (a: JobSummary, b: JobSummary) => (b.finishedAt?.getTime() ?? 0) - (a.finishedAt?.getTime() ?? 0);

    const running = active.filter(matches).map((job) => summarize(job, 'active')).sort(newest);
    const waiting = pending.filter(matches).map((job) => summarize(job, 'waiting')).sort(newest);
    const done = [...completed.filter(matches).map((job) => summarize(job, 'completed')), ...failed.filter(matches).map((job) => summarize(job, 'failed'))].sort(latestEnd);
    return [...running, ...waiting, ...done].slice(0, options.limit);
  }

  async close(): Promise<void> {
    await this.queue.close();
  }
}

function summarize(job: Job<JobData>, bullState: string): JobSummary {
  const data = job.data;
  return {
    id: job.id ?? '',
    operation: data.operation,
    target: data.target,
    state: listState(job, bullState),
    requestedBy: data.requestedBy,
    channel: data.channel,
    threadTs: data.threadTs,
    locale: data.locale,
    createdAt: new Date(job.timestamp),
    startedAt: job.processedOn === undefined || job.processedOn === null ? undefined : new Date(job.processedOn),
    finishedAt: job.finishedOn === undefined || job.finishedOn === null ? undefined : new Date(job.finishedOn),
  };
}

function listState(job: Job<JobData>, bullState: string): JobListState {
  switch (bullState) {
    case 'active':
      return 'running';
    case 'completed': {
      const outcome = (job.returnvalue as { outcome?: unknown } | null | undefined)?.outcome;
      return outcome === 'cancelled' ? 'cancelled' : 'succeeded';
    }
    case 'failed':
      return 'failed';
    default:
      return 'waiting';
  }
}
