import { AsyncLocalStorage } from 'node:async_hooks';
import { PxmysqlError } from '../errors.js';
import type { Logger } from '../logging.js';
import type { CancelRequest } from './cancel-requests.js';

/** Error code of a job stopped by `/pxmysql cancel`. Run-job treats it as a cancellation, not a failure. */
export const JOB_CANCELLED = 'job_cancelled';

/**
 * Error thrown when someone cancelled the job: at a step boundary, before `step` started, or while
 * `step` was waiting (a watch or poll with a deadline), which is safe to stop because a wait changes nothing.
 */
export class JobCancelledError extends PxmysqlError {
  constructor(
    readonly jobId: string,
    readonly request: CancelRequest,
    readonly step: string,
    readonly when: 'before' | 'during',
  ) {
    super(JOB_CANCELLED, `job ${jobId} was cancelled by ${request.by} ${when} step ${step}`, {
      kind: 'user',
      messageKey: when === 'before' ? 'operations.cancel.stopped' : 'operations.cancel.stoppedWaiting',
      messageParams: { step },
    });
    this.name = 'JobCancelledError';
  }
}

/** Returns the JobCancelledError in `error` or its chain of causes, since a step may wrap the error of a wait. */
export function findJobCancelled(error: unknown): JobCancelledError | undefined {
  for (let current = error, depth = 0; current !== undefined && current !== null && depth < 10; depth += 1) {
    if (current instanceof JobCancelledError) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

/** Interval between two reads of a running job's cancel request, in milliseconds. */
const DEFAULT_POLL_INTERVAL_MS = 1_000;

/**
 * Cancel state of one running job. It reads the job's cancel request before each step, and every
 * second while the job runs, so that waits listening to `signal` stop early.
 */
export class JobCancellation {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private currentStep = 'start';
  private currentCancellable = true;

  constructor(
    readonly jobId: string,
    private readonly findRequest: () => Promise<CancelRequest | undefined>,
    private readonly logger: Logger,
    private readonly pollIntervalMs = DEFAULT_POLL_INTERVAL_MS,
  ) {}

  /** Aborted, with a JobCancelledError as reason, once a cancel request is seen while a step runs. */
  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /**
   * Throws JobCancelledError when a cancel request exists and `step` is cancellable. Otherwise it
   * records `step` as the running step, and the signal interrupts that step only if it is cancellable.
   */
  async beforeStep(step: string, cancellable = true): Promise<void> {
    if (cancellable) {
      const request = await this.read();
      if (request !== undefined) throw new JobCancelledError(this.jobId, request, step, 'before');
    }
    this.currentStep = step;
    this.currentCancellable = cancellable;
  }

  /** Runs `work` with this cancellation in force for every step runner and wait inside it. */
  async run<T>(work: () => Promise<T>): Promise<T> {
    this.timer = setInterval(() => void this.poll(), this.pollIntervalMs);
    this.timer.unref();
    try {
      return await scope.run(this, work);
    } finally {
      clearInterval(this.timer);
    }
  }

  private async poll(): Promise<void> {
    if (this.controller.signal.aborted || !this.currentCancellable) return;
    const request = await this.read();
    // The step may have changed while the request was read.
    if (request !== undefined && this.currentCancellable) this.controller.abort(new JobCancelledError(this.jobId, request, this.currentStep, 'during'));
  }

  /** Errors reading the request count as "not cancelled", so a Redis hiccup never stops a job. */
  private async read(): Promise<CancelRequest | undefined> {
    try {
      return await this.findRequest();
    } catch (error) {
      this.logger.warn({ err: error, jobId: this.jobId }, 'cannot read the cancel request; the job goes on');
      return undefined;
    }
  }
}

const scope = new AsyncLocalStorage<JobCancellation>();

/**
 * Throws JobCancelledError when the job running in this async context was cancelled and the step is
 * cancellable. Outside a job it does nothing.
 */
export async function throwIfCancelled(beforeStep: string, cancellable = true): Promise<void> {
  await scope.getStore()?.beforeStep(beforeStep, cancellable);
}

/** Returns the abort signal of the job running in this async context, for waits that should stop on cancel. */
export function cancellationSignal(): AbortSignal | undefined {
  return scope.getStore()?.signal;
}
