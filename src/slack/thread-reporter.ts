import { setTimeout as delay } from 'node:timers/promises';
import type { Logger } from '../logging.js';
import { packMessages } from './blocks/split.js';
import { splitMessage, type OutputMessageOptions } from './blocks/output-messages.js';
import type { OutgoingMessage } from './blocks/types.js';
import { DEFAULT_RETRY_POLICY, deliver, type Delivery, type RetryPolicy } from './thread-delivery.js';
import type { FinalParentUpdate, JobMessageMetadata, ParentUpdate, ThreadClient } from './thread-types.js';
import { SerialQueue } from './thread-queue.js';

export interface ThreadReporterOptions {
  client: ThreadClient;
  /** Channel id of the thread. */
  channel: string;
  /** Timestamp of an existing parent message: a resumed job reuses its thread and posts no new parent. */
  parentTs?: string;
  metadata: JobMessageMetadata;
  logger: Logger;
  /** Clock in milliseconds. Default `Date.now`. */
  now?: () => number;
  /** Waits the given milliseconds. Default a timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Minimum time between two `chat.update` calls on the parent, in milliseconds. Default 3000. */
  updateIntervalMs?: number;
  retry?: Partial<RetryPolicy>;
  /** Limits used to split a reply whose blocks do not fit one message. */
  split?: OutputMessageOptions;
}

/**
 * Reports one job's progress in one Slack thread: a parent message with the overall state, and a
 * reply per step. Calls are queued and sent in order, so a job step never waits on Slack. Parent
 * updates are coalesced to at most one `chat.update` per interval, carrying only the newest content.
 * No method rejects because of Slack, because failures are logged and the reporter goes on.
 */
export class ThreadReporter {
  private readonly client: ThreadClient;
  private readonly metadata: JobMessageMetadata;
  private readonly log: Logger;
  private readonly now: () => number;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly updateIntervalMs: number;
  private readonly retry: RetryPolicy;
  private readonly splitOptions: OutputMessageOptions;
  private readonly queue: SerialQueue;

  private channel: string;
  private ts: string | undefined;
  private startPromise: Promise<string | undefined> | undefined;
  private finished = false;
  private pendingUpdate: ParentUpdate | undefined;
  private scheduledUpdate: Promise<void> | undefined;
  private lastUpdateAt: number | undefined;
  private droppedWithoutParent = 0;

  constructor(options: ThreadReporterOptions) {
    this.client = options.client;
    this.channel = options.channel;
    this.ts = options.parentTs;
    this.metadata = options.metadata;
    this.now = options.now ?? Date.now;
    this.sleep = options.sleep ?? ((ms) => delay(ms));
    this.updateIntervalMs = options.updateIntervalMs ?? 3_000;
    this.retry = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.splitOptions = options.split ?? {};

    const jobId = options.metadata.event_payload.job_id;
    const ids = options.logger.bindings().jobId === undefined ? { jobId, channel: options.channel } : { channel: options.channel };
    this.log = options.logger.child({ component: 'thread-reporter', ...ids });
    this.queue = new SerialQueue(this.log);
  }

  /** Timestamp of the parent message once posted or adopted; the job stores it to resume in the same thread. */
  get parentTs(): string | undefined {
    return this.ts;
  }

  /**
   * Posts the parent message with the job's metadata, or adopts the existing parent given to the
   * constructor without posting. Resolves with the parent's timestamp, or undefined when Slack
   * rejected the post; replies and updates are then dropped and logged. Calling it again returns
   * the first result. Call it before `reply` and `update`, because work queued earlier has no thread.
   */
  start(parent: OutgoingMessage): Promise<string | undefined> {
    this.startPromise ??= this.queue.push(() => this.postParent(parent)).then(() => this.ts);
    return this.startPromise;
  }

  /** Queues a reply in the thread and returns at once. Blocks beyond one message's limits go to further replies. */
  reply(message: OutgoingMessage): void {
    if (this.finished) {
      this.log.warn('reply after finish dropped, so that the final parent update stays last');
      return;
    }
    void this.queue.push(() => this.postReplies(message));
  }

  /** Replaces the parent's content, coalesced: only the newest content of each interval is sent. */
  update(parent: ParentUpdate): void {
    if (this.finished) {
      this.log.warn({ state: parent.state }, 'parent update after finish dropped');
      return;
    }
    this.pendingUpdate = parent;
    this.scheduleUpdate();
  }

  /**
   * Resolves when every queued reply and the pending parent update have been sent or given up. A
   * pending update may first wait for the rest of its interval.
   */
  async flush(): Promise<void> {
    for (;;) {
      const scheduled = this.scheduledUpdate;
      await Promise.all([this.queue.idle(), scheduled]);
      if (scheduled === this.scheduledUpdate && this.queue.isIdle()) return;
    }
  }

  /**
   * Sends the final parent update after every queued reply, replacing any pending update, and
   * resolves when everything is delivered. Later replies and updates are dropped.
   */
  async finish(parent: FinalParentUpdate): Promise<void> {
    if (!this.finished) {
      this.finished = true;
      this.pendingUpdate = undefined;
      void this.queue.push(async () => {
        await this.waitForUpdateSlot();
        await this.sendUpdate(parent);
      });
    }
    await this.queue.idle();
  }

  private async postParent(parent: OutgoingMessage): Promise<void> {
    if (this.ts !== undefined) {
      this.log.info({ parentTs: this.ts }, 'reusing the existing job thread');
      return;
    }

    const delivery = await this.call('chat.postMessage', () =>
      this.client.chat.postMessage({ channel: this.channel, text: parent.text, blocks: parent.blocks, metadata: this.metadata }),
    );
    if (!delivery.delivered || delivery.result.ts === undefined) {
      this.log.error('parent message not posted; replies and updates of this job will be dropped');
      return;
    }
    this.ts = delivery.result.ts;
    this.channel = delivery.result.channel ?? this.channel;
  }

  private async postReplies(message: OutgoingMessage): Promise<void> {
    const threadTs = this.ts;
    if (threadTs === undefined) {
      this.droppedWithoutParent += 1;
      this.log.warn({ dropped: this.droppedWithoutParent }, 'reply dropped: the job thread has no parent message');
      return;
    }

    for (const part of splitMessage(message, this.splitOptions)) {
      await this.call('chat.postMessage', () =>
        this.client.chat.postMessage({ channel: this.channel, thread_ts: threadTs, text: part.text, blocks: part.blocks, unfurl_links: false, unfurl_media: false }),
      );
    }
  }

  private scheduleUpdate(): void {
    if (this.scheduledUpdate !== undefined) return;

    // Queue at once when the interval has passed, so the update keeps its place among the replies.
    const waitMs = this.msUntilUpdateSlot();
    const run = waitMs > 0 ? this.sleep(waitMs).then(() => this.queuePendingUpdate()) : this.queuePendingUpdate();
    const scheduled: Promise<void> = run.finally(() => {
      if (this.scheduledUpdate === scheduled) this.scheduledUpdate = undefined;
      if (this.pendingUpdate !== undefined && !this.finished) this.scheduleUpdate();
    });
    this.scheduledUpdate = scheduled;
  }

  /** Queues the sending of whatever update is newest when its turn comes; finish supersedes it. */
  private queuePendingUpdate(): Promise<void> {
    if (this.finished) return Promise.resolve();

    return this.queue.push(async () => {
      const parent = this.pendingUpdate;
      this.pendingUpdate = undefined;
      if (parent !== undefined) await this.sendUpdate(parent);
    });
  }

  private msUntilUpdateSlot(): number {
    if (this.lastUpdateAt === undefined) return 0;
    return Math.max(0, this.lastUpdateAt + this.updateIntervalMs - this.now());
  }

  private async waitForUpdateSlot(): Promise<void> {
    const waitMs = this.msUntilUpdateSlot();
    if (waitMs > 0) await this.sleep(waitMs);
  }

  private async sendUpdate(parent: ParentUpdate): Promise<void> {
    const ts = this.ts;
    if (ts === undefined) {
      this.log.warn({ state: parent.state }, 'parent update dropped: the job thread has no parent message');
      return;
    }

    const [blocks = [], ...rest] = packMessages(parent.blocks, this.splitOptions);
    if (rest.length > 0) this.log.warn({ blocks: parent.blocks.length }, 'parent update exceeds one message; sending its first part only');

    const metadata: JobMessageMetadata = { ...this.metadata, event_payload: { ...this.metadata.event_payload, state: parent.state } };
    await this.call('chat.update', () => this.client.chat.update({ channel: this.channel, ts, text: parent.text, blocks, metadata }));
    this.lastUpdateAt = this.now();
  }

  private call<T>(method: string, send: () => Promise<T>): Promise<Delivery<T>> {
    return deliver(send, { method, policy: this.retry, sleep: this.sleep, logger: this.log });
  }
}
