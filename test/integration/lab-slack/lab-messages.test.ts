import { execFileSync, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { App } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { runLabClick } from '../../../src/lab/cli/lab-click.js';
import { runLabMessages, type LabMessagesArgs } from '../../../src/lab/cli/lab-messages.js';
import { runLabSend } from '../../../src/lab/cli/lab-send.js';
import { OutputWatch } from '../../../src/lab/cli/output-watch.js';
import type { LabSlack } from '../../../src/lab/slack/server.js';
import { CapturedOutput } from './capture.js';
import { startLabWithBot } from './tiny-bot.js';

const FAIL_OVER_BUTTON = { type: 'button', action_id: 'pxmysql_health_failover', text: { type: 'plain_text', text: 'Fail over' }, value: 'alert-1' };

type MessagesOptions = Omit<LabMessagesArgs, 'controlUrl' | 'out' | 'err' | 'follow' | 'json'> & { follow?: boolean; json?: boolean };

describe('lab messages, lab click and permalinks', () => {
  let lab: LabSlack;
  let app: App;
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ lab, app, stop } = await startLabWithBot('socket', { ackTimeoutMs: 1000 }));
    // Buttons whose replies decide the exit code of `lab click`, one with an error reply and one with a plain reply.
    app.action('broken_button', async ({ ack, respond }) => {
      await ack();
      await respond({
        response_type: 'ephemeral',
        replace_original: false,
        text: 'The alert is already closed',
        blocks: [{ type: 'section', block_id: 'pxmysql-error', text: { type: 'mrkdwn', text: 'The alert is already closed' } }],
      });
    });
    app.action('fine_button', async ({ ack, respond }) => {
      await ack();
      await respond({ response_type: 'ephemeral', replace_original: false, text: 'Done', blocks: [{ type: 'section', block_id: 'pxmysql-info', text: { type: 'mrkdwn', text: 'Done' } }] });
    });
  });
  afterAll(async () => {
    await stop();
  });

  /** Posts a message as the bot over the lab's Web API, as a health alert or a scheduler would. */
  async function post(channel: string, text: string, extra: { threadTs?: string; blocks?: unknown[] } = {}): Promise<string> {
    const result = await app.client.chat.postMessage({
      channel,
      text,
      ...(extra.threadTs === undefined ? {} : { thread_ts: extra.threadTs }),
      ...(extra.blocks === undefined ? {} : { blocks: extra.blocks as never }),
    });
    return String(result.ts);
  }

  async function createChannel(name: string): Promise<string> {
    const result = await app.client.conversations.create({ name });
    return String(result.channel?.id);
  }

  function startMessages(options: MessagesOptions) {
    const out = new CapturedOutput();
    const err = new CapturedOutput();
    const done = runLabMessages({ follow: false, json: false, ...options, controlUrl: lab.controlUrl, out, err });
    return { out, err, done };
  }

  async function messages(options: MessagesOptions = {}) {
    const run = startMessages(options);
    const code = await run.done;
    return { code, out: run.out.text, err: run.err.text };
  }

  it('lab messages prints an alert with its thread and button', async () => {
    const alertTs = await post('ops', 'MySQL is down', {
      blocks: [
        { type: 'section', text: { type: 'mrkdwn', text: '*MySQL is down* on `gke-node-1`' } },
        { type: 'actions', elements: [FAIL_OVER_BUTTON] },
      ],
    });
    await post('ops', 'pod mysql-1 NotReady', { threadTs: alertTs });
    await post('ops', 'incident channel created', { threadTs: alertTs });
    const later = await post('ops', 'Snapshot of orders-db ready');

    const result = await messages();
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const alertAt = result.out.indexOf(`[message ${alertTs}]`);
    expect(alertAt).toBeGreaterThanOrEqual(0);
    expect(result.out).toContain('*MySQL is down* on `gke-node-1`');
    expect(result.out).toContain('[Fail over] (pxmysql_health_failover)');
    const firstReplyAt = result.out.indexOf('  [reply ');
    expect(firstReplyAt).toBeGreaterThan(alertAt);
    expect(result.out).toContain('    pod mysql-1 NotReady');
    expect(result.out.indexOf('incident channel created')).toBeLessThan(result.out.indexOf(`[message ${later}]`));
  });

  it('lab messages --since leaves out older threads', async () => {
    const now = Date.now();
    const recent = await messages({ sinceSeconds: 60, now: () => now });
    expect(recent.out).toContain('Snapshot of orders-db ready');

    const hourLater = await messages({ sinceSeconds: 60, now: () => now + 3_600_000 });
    expect(hourLater.code).toBe(0);
    expect(hourLater.out).toBe('');
    expect(hourLater.err).toContain('no messages in #ops in the last 60 s');
  });

  it('lab messages --json prints raw messages', async () => {
    const result = await messages({ json: true });
    expect(result.code).toBe(0);
    const lines = result.out.trim().split('\n').map((line) => JSON.parse(line) as { type: string; channel: string; thread_ts?: string });
    expect(lines.length).toBeGreaterThanOrEqual(4);
    expect(lines.every((line) => line.type === 'message')).toBe(true);
    expect(lines.every((line) => line.channel === 'C0LABOPS1')).toBe(true);
    expect(lines.some((line) => line.thread_ts !== undefined)).toBe(true);
  });

  it('lab messages rejects an unknown channel', async () => {
    const result = await messages({ channel: 'no-such-channel' });
    expect(result.code).toBe(2);
    expect(result.err).toContain('no lab channel "no-such-channel"');
    expect(result.err).toContain('#ops');
  });

  it('lab messages --follow shows a new incident channel', async () => {
    const channel = await createChannel('inc-20261204-orders-db-down');
    const summaryTs = await post(channel, 'Incident: orders-db down');

    const closed = new AbortController();
    const run = startMessages({ channel: 'inc-20261204-orders-db-down', follow: true, outputClosed: closed.signal });
    await vi.waitFor(() => expect(run.err.text).toContain('waiting for new messages in #inc-20261204-orders-db-down'));
    expect(run.out.text).toContain(`[message ${summaryTs}]`);

    const replyTs = await post(channel, 'failover job started', { threadTs: summaryTs });
    await app.client.chat.update({ channel, ts: summaryTs, text: 'Incident: orders-db recovered' });
    const newTs = await post(channel, 'Timeline exported');
    await vi.waitFor(() => expect(run.out.text).toContain(`[message ${newTs}]`));
    closed.abort();

    expect(await run.done).toBe(0);
    expect(run.out.text).toContain(`  [reply ${replyTs} in thread ${summaryTs}]`);
    expect(run.out.text).toContain(`[updated ${summaryTs}]`);
    expect(run.out.text).toContain('Incident: orders-db recovered');
    expect(run.out.text.match(new RegExp(`\\[message ${summaryTs}\\]`, 'g'))?.length).toBe(1);
  });

  it('lab messages --follow stops on a closed pipe', async () => {
    const channel = await createChannel('inc-20261204-pipe');
    // A named pipe keeps the write end open after its reader exits, as a shell pipeline does.
    const directory = await mkdtemp(join(tmpdir(), 'pxmysql-lab-pipe-'));
    const fifo = join(directory, 'out');
    execFileSync('mkfifo', [fifo]);
    const head = spawn('head', ['-n', '1', fifo], { stdio: ['ignore', 'ignore', 'inherit'] });
    const headExited = once(head, 'exit');
    const out = createWriteStream(fifo);
    const output = new OutputWatch(out);
    const err = new CapturedOutput();
    const done = runLabMessages({ channel, follow: true, json: false, controlUrl: lab.controlUrl, out, err, outputClosed: output.signal });
    await vi.waitFor(() => expect(err.text).toContain('waiting for new messages'));

    await post(channel, 'first line\nsecond line');
    await headExited;
    let settled = false;
    void done.finally(() => {
      settled = true;
    });
    // The next write after head has exited fails with EPIPE.
    await vi.waitFor(async () => {
      if (!settled) await post(channel, 'written after head exited');
      expect(settled).toBe(true);
    });

    expect(await done).toBe(0);
    expect(output.signal.aborted).toBe(true);
    expect((output.signal.reason as NodeJS.ErrnoException).code).toBe('EPIPE');
    expect(output.failure).toBeUndefined();
    expect(err.text).not.toContain('failed');
    out.destroy();
    await rm(directory, { recursive: true, force: true });
  });

  it('lab send stops quietly when its output closes', async () => {
    const out = new CapturedOutput();
    const err = new CapturedOutput();
    const closed = new AbortController();
    const done = runLabSend({ user: 'oncall', text: '/pxmysql silent', json: false, timeoutMs: 20_000, controlUrl: lab.controlUrl, out, err, outputClosed: closed.signal });
    await vi.waitFor(() => expect(lab.messages.eventsAfter(0).some((event) => event.kind === 'delivery' && event.delivery?.ok)).toBe(true));
    closed.abort();

    expect(await done).toBe(0);
    expect(err.text).toBe('');
  });

  it('lab click exits 1 on an error reply', async () => {
    await post('ops', 'Alert 2', { blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: 'broken_button', text: { type: 'plain_text', text: 'Broken' } }] }] });
    const out = new CapturedOutput();
    const err = new CapturedOutput();
    const code = await runLabClick({ user: 'oncall', action: 'Broken', watchMs: 1_000, controlUrl: lab.controlUrl, out, err });
    expect(err.text).toBe('');
    expect(out.text).toContain('clicked broken_button');
    expect(out.text).toContain('[ephemeral]');
    expect(out.text).toContain('The alert is already closed');
    expect(code).toBe(1);
  });

  it('lab click exits 0 on a plain reply', async () => {
    await post('ops', 'Alert 3', { blocks: [{ type: 'actions', elements: [{ type: 'button', action_id: 'fine_button', text: { type: 'plain_text', text: 'Fine' } }] }] });
    const out = new CapturedOutput();
    const err = new CapturedOutput();
    const code = await runLabClick({ user: 'oncall', action: 'fine_button', watchMs: 1_000, controlUrl: lab.controlUrl, out, err });
    expect(err.text).toBe('');
    expect(out.text).toContain('Done');
    expect(code).toBe(0);
  });

  it('permalink returns the message and its thread', async () => {
    const parentTs = await post('ops', 'Failover of orders-db succeeded');
    const firstReply = await post('ops', 'cordon-node done', { threadTs: parentTs });
    const secondReply = await post('ops', 'delete-pod done', { threadTs: parentTs });
    const lone = await post('ops', 'nothing in this thread');

    const fetchPermalink = async (ts: string) => {
      const link = await app.client.chat.getPermalink({ channel: 'C0LABOPS1', message_ts: ts });
      const response = await fetch(String(link.permalink));
      expect(response.status).toBe(200);
      return (await response.json()) as { ok: boolean; message: { ts: string }; replies: Array<{ ts: string }> };
    };

    const parent = await fetchPermalink(parentTs);
    expect(parent.ok).toBe(true);
    expect(parent.message.ts).toBe(parentTs);
    expect(parent.replies.map((reply) => reply.ts)).toEqual([firstReply, secondReply]);

    const reply = await fetchPermalink(secondReply);
    expect(reply.message.ts).toBe(secondReply);
    expect(reply.replies.map((candidate) => candidate.ts)).toEqual([firstReply, secondReply]);

    const alone = await fetchPermalink(lone);
    expect(alone.replies).toEqual([]);
  });

  it('channel events reject invalid input', async () => {
    const badAfter = await fetch(new URL('channels/ops/events?after=x', lab.controlUrl));
    expect(badAfter.status).toBe(400);
    expect(((await badAfter.json()) as { error: string }).error).toBe('invalid_after');

    const badChannel = await fetch(new URL('channels/%E0%A4%A/events', lab.controlUrl));
    expect(badChannel.status).toBe(400);
    expect(((await badChannel.json()) as { error: string }).error).toBe('invalid_channel');

    const unknownChannel = await fetch(new URL('channels/no-such-channel/events', lab.controlUrl));
    expect(unknownChannel.status).toBe(404);
    expect(((await unknownChannel.json()) as { error: string }).error).toBe('channel_not_found');
  });
});
