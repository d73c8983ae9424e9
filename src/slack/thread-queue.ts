import type { Logger } from '../logging.js';

/**
 * Runs asynchronous tasks one at a time, in the order they were pushed. A task that throws is
 * logged and the queue goes on, so one bad task cannot stall the ones behind it.
 */
export class SerialQueue {
  private tail: Promise<void> = Promise.resolve();
  private pending = 0;

  constructor(private readonly logger: Logger) {}

  /** Appends a task; the returned promise resolves once it has run, and never rejects. */
  push(task: () => Promise<void>): Promise<void> {
    this.pending += 1;
    const run = this.tail.then(async () => {
      try {
        await task();
      } catch (error) {
        this.logger.error({ err: error }, 'queued Slack task failed');
      } finally {
        this.pending -= 1;
      }
    });
    this.tail = run;
    return run;
  }

  isIdle(): boolean {
    return this.pending === 0;
  }

  /** Resolves once no task is queued or running, including tasks pushed while waiting. */
  async idle(): Promise<void> {
    while (this.pending > 0) await this.tail;
  }
}
