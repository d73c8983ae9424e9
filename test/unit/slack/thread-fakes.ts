import { WebAPIPlatformError, WebAPIRateLimitedError, WebAPIRequestError } from '@slack/web-api';
import { pino, type Logger } from 'pino';
import type { ThreadClient, ThreadPostMessageArgs, ThreadUpdateArgs } from '../../../src/slack/thread-types.js';

/** Lets every promise chain that is not waiting on the fake clock run to its end. */
export function settle(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

/** A clock whose time moves only when a test calls `advance`. Each sleep is recorded in `events`. */
export class FakeClock {
  time = 0;
  private timers: Array<{ at: number; resolve: () => void }> = [];

  constructor(private readonly events: string[]) {}

  readonly now = (): number => this.time;

  readonly sleep = (ms: number): Promise<void> => {
    this.events.push(`sleep ${ms}`);
    return new Promise((resolve) => this.timers.push({ at: this.time + ms, resolve }));
  };

  /** Moves time forward, wakes the sleepers that are due, and lets them run. */
  async advance(ms: number): Promise<void> {
    this.time += ms;
    const due = this.timers.filter((timer) => timer.at <= this.time);
    this.timers = this.timers.filter((timer) => timer.at > this.time);
    for (const timer of due) timer.resolve();
    await settle();
  }

  get sleeping(): number {
    return this.timers.length;
  }
}

export type Call = { method: 'postMessage'; args: ThreadPostMessageArgs } | { method: 'update'; args: ThreadUpdateArgs };

/**
 * A Slack client that records calls in `calls` and a one-line summary in `events`. Errors pushed
 * to `failures` are thrown by the next calls, one each. While `gate` is set, calls wait for it.
 */
export class FakeSlack implements ThreadClient {
  readonly calls: Call[] = [];
  readonly failures: unknown[] = [];
  gate: Promise<void> | undefined;
  private nextTs = 1;

  constructor(private readonly events: string[]) {}

  readonly chat = {
    postMessage: async (args: ThreadPostMessageArgs): Promise<{ ts?: string; channel?: string }> => {
      await this.record({ method: 'postMessage', args }, `post ${args.thread_ts === undefined ? 'parent' : 'reply'} ${args.text}`);
      const ts = `1700000000.${String(this.nextTs++).padStart(6, '0')}`;
      return { ts, channel: args.channel };
    },
    update: async (args: ThreadUpdateArgs): Promise<unknown> => {
      await this.record({ method: 'update', args }, `update ${args.text}`);
      return { ok: true };
    },
  };

  private async record(call: Call, summary: string): Promise<void> {
    this.calls.push(call);
    this.events.push(summary);
    if (this.gate !== undefined) await this.gate;
    const failure = this.failures.shift();
    if (failure !== undefined) throw failure;
  }
}

/** Creates a pino logger that parses each line it writes into `lines`. */
export function captureLogger(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = [];
  const destination = {
    write(line: string): void {
      lines.push(JSON.parse(line) as Record<string, unknown>);
    },
  };
  return { logger: pino({ level: 'debug' }, destination), lines };
}

/** Builds the error `@slack/web-api` throws for HTTP 429 when `rejectRateLimitedCalls` is true. */
export function rateLimitedError(retryAfterSeconds: number): Error {
  return new WebAPIRateLimitedError(retryAfterSeconds);
}

/** Builds the error `@slack/web-api` throws when Slack answers `ok: false` with this error code. */
export function platformError(code: string): Error {
  return new WebAPIPlatformError({ ok: false, error: code });
}

/** Builds the error `@slack/web-api` throws when the request fails before Slack answers. */
export function requestError(): Error {
  return new WebAPIRequestError(Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }));
}
