import type { Redis } from 'ioredis';

/** The requester and time of a cancel request. */
export interface CancelRequest {
  /** Slack user id of the person who cancelled. */
  by: string;
  at: string;
}

/** Lifetime of a cancel request: a week, as long as `/pxmysql jobs` lists finished jobs. */
const CANCEL_REQUEST_TTL_SECONDS = 7 * 24 * 3600;

/**
 * Cancel requests in Redis, one key per job id. The command side writes them; the worker reads
 * the key of its job at each step boundary. A request for a job that already finished is harmless.
 */
export class CancelRequests {
  constructor(
    private readonly redis: Redis,
    private readonly prefix = 'pxmysql:cancel:',
  ) {}

  /** Records the request unless one exists; returns the request in force (the first one wins). */
  async request(jobId: string, by: string, now: Date = new Date()): Promise<CancelRequest> {
    const request: CancelRequest = { by, at: now.toISOString() };
    const stored = await this.redis.set(this.key(jobId), JSON.stringify(request), 'EX', CANCEL_REQUEST_TTL_SECONDS, 'NX');
    if (stored === 'OK') return request;
    return (await this.find(jobId)) ?? request;
  }

  async find(jobId: string): Promise<CancelRequest | undefined> {
    const value = await this.redis.get(this.key(jobId));
    if (value === null) return undefined;
    try {
      const parsed = JSON.parse(value) as Partial<CancelRequest>;
      return { by: typeof parsed.by === 'string' ? parsed.by : 'unknown', at: typeof parsed.at === 'string' ? parsed.at : '' };
    } catch {
      // A value that is not ours still means someone asked to stop the job.
      return { by: 'unknown', at: '' };
    }
  }

  private key(jobId: string): string {
    return `${this.prefix}${jobId}`;
  }
}
