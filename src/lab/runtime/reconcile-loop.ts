import type { Logger } from '../../logging.js';

/**
 * Runs a controller's level-triggered reconcile function: once per burst of triggers (store events
 * coalesce), never two at once, and again every `resyncMs` so that time-based conditions (grace
 * periods, deadlines) are noticed without an event. Errors are logged and retried on the next run.
 */
export class ReconcileLoop {
  private running = false;
  private pending = false;
  private stopped = true;
  private timer: NodeJS.Timeout | undefined;
  private idleWaiters: Array<() => void> = [];

  constructor(
    private readonly name: string,
    private readonly logger: Logger,
    private readonly reconcile: () => Promise<void> | void,
    private readonly resyncMs = 1_000,
  ) {}

  start(): void {
    this.stopped = false;
    this.timer = setInterval(() => this.trigger(), this.resyncMs);
    this.timer.unref();
    this.trigger();
  }

  /** Asks for a run; several calls before the run starts make one run. */
  trigger(): void {
    if (this.stopped) return;
    this.pending = true;
    if (!this.running) void this.drain();
  }

  /** Resolves when no run is pending or in progress. */
  async idle(): Promise<void> {
    if (!this.running && !this.pending) return;
    await new Promise<void>((resolve) => this.idleWaiters.push(resolve));
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.pending = false;
    if (this.timer) clearInterval(this.timer);
    await this.idle();
  }

  private async drain(): Promise<void> {
    this.running = true;
    while (this.pending && !this.stopped) {
      this.pending = false;
      try {
        await this.reconcile();
      } catch (error) {
        this.logger.error({ err: error, controller: this.name }, 'reconcile failed; retrying on the next run');
      }
    }
    this.running = false;
    for (const resolve of this.idleWaiters.splice(0)) resolve();
  }
}
