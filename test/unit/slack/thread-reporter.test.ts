import type { WebClient } from '@slack/web-api';
import { beforeEach, describe, expect, it } from 'vitest';
import { section } from '../../../src/slack/blocks/builders.js';
import { ThreadReporter, type ThreadReporterOptions } from '../../../src/slack/thread-reporter.js';
import type { JobMessageMetadata, ThreadClient } from '../../../src/slack/thread-types.js';
import { captureLogger, FakeClock, FakeSlack, platformError, rateLimitedError, requestError, settle } from './thread-fakes.js';

/** Compile-time check: a real `WebClient` can be passed where the reporter expects its client. */
export const acceptsWebClient = (client: WebClient): ThreadClient => client;

const metadata: JobMessageMetadata = {
  event_type: 'pxmysql_job',
  event_payload: { job_id: 'status-T1', trigger_id: 'T1', operation: 'status', target: 'orders-db', state: 'queued' },
};

function message(text: string) {
  return { text, blocks: [section(text)] };
}

let events: string[];
let clock: FakeClock;
let slack: FakeSlack;
let log: ReturnType<typeof captureLogger>;

function reporter(options: Partial<ThreadReporterOptions> = {}): ThreadReporter {
  return new ThreadReporter({ client: slack, channel: 'C123', metadata, logger: log.logger, now: clock.now, sleep: clock.sleep, ...options });
}

beforeEach(() => {
  events = [];
  clock = new FakeClock(events);
  slack = new FakeSlack(events);
  log = captureLogger();
});

describe('ThreadReporter start', () => {
  it('posts the parent with job metadata', async () => {
    const thread = reporter();
    const ts = await thread.start(message('status on orders-db: queued'));

    expect(ts).toBe('1700000000.000001');
    expect(thread.parentTs).toBe(ts);
    expect(slack.calls).toEqual([
      {
        method: 'postMessage',
        args: { channel: 'C123', text: 'status on orders-db: queued', blocks: [section('status on orders-db: queued')], metadata },
      },
    ]);
  });

  it('adopts an existing parent without posting', async () => {
    const thread = reporter({ parentTs: '1690000000.000100' });
    expect(await thread.start(message('parent'))).toBe('1690000000.000100');

    thread.reply(message('step 1'));
    await thread.flush();
    expect(events).toEqual(['post reply step 1']);
    expect(slack.calls[0]?.args).toMatchObject({ thread_ts: '1690000000.000100' });
  });
});

describe('ThreadReporter reply', () => {
  it('posts replies in order in the thread', async () => {
    const thread = reporter();
    void thread.start(message('parent'));
    for (const text of ['one', 'two', 'three']) thread.reply(message(text));
    await thread.flush();

    expect(events).toEqual(['post parent parent', 'post reply one', 'post reply two', 'post reply three']);
    for (const call of slack.calls.slice(1)) expect(call.args).toMatchObject({ channel: 'C123', thread_ts: '1700000000.000001' });
  });

  it('returns before Slack answers', async () => {
    const thread = reporter({ parentTs: '1.1' });
    let release: () => void = () => undefined;
    slack.gate = new Promise((resolve) => (release = resolve));

    thread.reply(message('slow'));
    let flushed = false;
    const flushing = thread.flush().then(() => (flushed = true));
    await settle();
    expect(events).toEqual(['post reply slow']);
    expect(flushed).toBe(false);

    release();
    await flushing;
    expect(flushed).toBe(true);
  });

  it('splits more than 50 blocks into several replies', async () => {
    const thread = reporter({ parentTs: '1.1' });
    thread.reply({ text: 'big', blocks: Array.from({ length: 70 }, (_, index) => section(`b${index}`)) });
    await thread.flush();

    expect(slack.calls.map((call) => call.args.blocks.length)).toEqual([50, 20]);
  });

  it('drops replies when the parent could not be posted', async () => {
    slack.failures.push(platformError('channel_not_found'));
    const thread = reporter();
    expect(await thread.start(message('parent'))).toBeUndefined();

    thread.reply(message('step'));
    await thread.finish({ ...message('done'), state: 'succeeded' });
    expect(events).toEqual(['post parent parent']);
    expect(log.lines.some((line) => line.msg === 'reply dropped: the job thread has no parent message')).toBe(true);
  });
});

describe('ThreadReporter update', () => {
  it('coalesces several updates into one call with the newest content', async () => {
    const thread = reporter({ parentTs: '1.1' });
    thread.update({ ...message('step 1'), state: 'running' });
    thread.update({ ...message('step 2'), state: 'running' });
    thread.update({ ...message('step 3'), state: 'running' });
    await thread.flush();

    expect(events).toEqual(['update step 3']);
    expect(slack.calls[0]?.args).toMatchObject({ channel: 'C123', ts: '1.1', text: 'step 3' });
    expect(slack.calls[0]?.args.metadata?.event_payload.state).toBe('running');
  });

  it('sends at most one update per interval', async () => {
    const thread = reporter({ parentTs: '1.1' });
    thread.update({ ...message('a'), state: 'running' });
    await settle();
    thread.update({ ...message('b'), state: 'running' });
    thread.update({ ...message('c'), state: 'running' });
    await settle();
    expect(events).toEqual(['update a', 'sleep 3000']);

    await clock.advance(2999);
    expect(events).toEqual(['update a', 'sleep 3000']);

    await clock.advance(1);
    expect(events).toEqual(['update a', 'sleep 3000', 'update c']);
  });

  it('sends the final update only after all queued replies', async () => {
    const thread = reporter();
    void thread.start(message('parent'));
    thread.update({ ...message('running'), state: 'running' });
    thread.reply(message('r1'));
    thread.reply(message('r2'));
    thread.update({ ...message('running later'), state: 'running' });
    await thread.finish({ ...message('succeeded'), state: 'succeeded' });

    // The final update supersedes the pending ones, so they are never sent.
    expect(events).toEqual(['post parent parent', 'post reply r1', 'post reply r2', 'update succeeded']);
    expect(slack.calls.at(-1)?.args.metadata?.event_payload.state).toBe('succeeded');
  });

  it('waits for the interval before the final update', async () => {
    const thread = reporter({ parentTs: '1.1' });
    thread.update({ ...message('running'), state: 'running' });
    await settle();
    thread.reply(message('r1'));
    let finished = false;
    const finishing = thread.finish({ ...message('failed'), state: 'failed' }).then(() => (finished = true));
    await settle();
    expect(events).toEqual(['update running', 'post reply r1', 'sleep 3000']);
    expect(finished).toBe(false);

    await clock.advance(3000);
    await finishing;
    expect(events).toEqual(['update running', 'post reply r1', 'sleep 3000', 'update failed']);
  });

  it('drops replies and updates after finish', async () => {
    const thread = reporter({ parentTs: '1.1' });
    await thread.finish({ ...message('failed'), state: 'failed' });
    thread.reply(message('late'));
    thread.update({ ...message('late'), state: 'running' });
    await thread.flush();

    expect(events).toEqual(['update failed']);
  });
});

describe('ThreadReporter errors', () => {
  it('waits Retry-After before retrying a rate-limited call', async () => {
    slack.failures.push(rateLimitedError(7));
    const thread = reporter({ parentTs: '1.1' });
    thread.reply(message('step'));
    await settle();
    expect(events).toEqual(['post reply step', 'sleep 7000']);

    await clock.advance(6999);
    expect(events).toEqual(['post reply step', 'sleep 7000']);

    await clock.advance(1);
    await thread.flush();
    expect(events).toEqual(['post reply step', 'sleep 7000', 'post reply step']);
    expect(slack.calls[1]?.args).toEqual(slack.calls[0]?.args);
  });

  it('logs a permanent error with ids and goes on', async () => {
    slack.failures.push(platformError('invalid_blocks'));
    const thread = reporter({ parentTs: '1.1' });
    thread.reply(message('bad'));
    thread.reply(message('good'));
    await thread.flush();

    expect(events).toEqual(['post reply bad', 'post reply good']);
    const failure = log.lines.find((line) => line.msg === 'Slack call failed; giving up on it');
    expect(failure).toMatchObject({ jobId: 'status-T1', channel: 'C123', method: 'chat.postMessage', failure: 'permanent' });
  });

  it('retries a transient error a bounded number of times with backoff', async () => {
    slack.failures.push(requestError(), requestError(), requestError(), requestError());
    const thread = reporter({ parentTs: '1.1', retry: { maxTransientRetries: 3, backoffMs: 100 } });
    thread.reply(message('step'));
    await settle();
    for (const ms of [100, 200, 400]) await clock.advance(ms);
    await thread.flush();

    expect(events).toEqual(['post reply step', 'sleep 100', 'post reply step', 'sleep 200', 'post reply step', 'sleep 400', 'post reply step']);
    expect(log.lines.filter((line) => line.msg === 'Slack call failed; retrying')).toHaveLength(3);
  });

  it('keeps going after a transient error recovers', async () => {
    slack.failures.push(platformError('service_unavailable'));
    const thread = reporter({ parentTs: '1.1' });
    thread.reply(message('step'));
    await settle();
    await clock.advance(1000);
    await thread.flush();

    expect(events).toEqual(['post reply step', 'sleep 1000', 'post reply step']);
  });
});
