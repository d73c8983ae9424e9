import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { App } from '@slack/bolt';
import { runLabClick } from '../../../src/lab/cli/lab-click.js';
import { runLabSend } from '../../../src/lab/cli/lab-send.js';
import type { LabSlack } from '../../../src/lab/slack/server.js';
import { startLabSlack } from '../../../src/lab/slack/server.js';
import { CapturedOutput } from './capture.js';
import { APP_TOKEN, BOT_TOKEN, createTinyBot, SIGNING_SECRET, startLabWithBot } from './tiny-bot.js';

async function send(lab: LabSlack, user: string, text: string, extra: { json?: boolean; timeoutMs?: number } = {}) {
  const out = new CapturedOutput();
  const err = new CapturedOutput();
  const code = await runLabSend({ user, text, json: extra.json ?? false, timeoutMs: extra.timeoutMs ?? 10_000, settleMs: 300, controlUrl: lab.controlUrl, out, err });
  return { code, out: out.text, err: err.text };
}

describe('lab Slack over Socket Mode', () => {
  let lab: LabSlack;
  let deliveries: string[];
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ lab, deliveries, stop } = await startLabWithBot('socket', { ackTimeoutMs: 1000 }));
  });
  afterAll(async () => {
    await stop();
  });

  it('greets the Bolt client and keeps it connected', () => {
    expect(lab.socketConnections()).toBe(1);
    expect(lab.calls.some((call) => call.method === 'apps.connections.open' && call.ok)).toBe(true);
  });

  it('lab send follows a job to success', async () => {
    const result = await send(lab, 'oncall', '/pxmysql status');
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    expect(result.out).toContain('(job job-1, failover orders-db: queued)');
    expect(result.out).toContain('  [reply ');
    expect(result.out).toContain('```\n');
    expect(result.out).toContain('node/gke-a cordoned');
    expect(result.out).toContain('(job job-1, failover orders-db: succeeded)');
    expect(result.out.indexOf('delete-pod done')).toBeLessThan(result.out.indexOf(': succeeded)'));
  });

  it('lab send exits 1 on a failed job', async () => {
    const result = await send(lab, 'oncall', 'fail');
    expect(result.code).toBe(1);
    expect(result.out).toContain('failover orders-db: failed)');
  });

  it('lab send prints an immediate ephemeral reply', async () => {
    const result = await send(lab, 'viewer', '/pxmysql help');
    expect(result.code).toBe(0);
    expect(result.out).toContain('[ephemeral]');
    expect(result.out).toContain('# pxmysql');
    expect(result.out).toContain('[Run status] (run_status)');
  });

  it('lab send exits 1 on an error block', async () => {
    const result = await send(lab, 'viewer', '/pxmysql bad');
    expect(result.code).toBe(1);
    expect(result.out).toContain('Unknown subcommand `bad`');
  });

  it('lab send prints a response_url reply', async () => {
    const result = await send(lab, 'oncall', '/pxmysql later');
    expect(result.code).toBe(0);
    expect(result.out).toContain('answered through response_url');
    const event = lab.messages.eventsAfter(0).find((candidate) => candidate.message?.text === 'answered through response_url');
    expect(event?.source).toBe('response_url');
    expect(event?.commandId).toBeDefined();
  });

  it('lab send --json prints raw events', async () => {
    const result = await send(lab, 'oncall', '/pxmysql status', { json: true });
    expect(result.code).toBe(0);
    const events = result.out.trim().split('\n').map((line) => JSON.parse(line) as { kind: string; message?: { metadata?: { event_type: string } } });
    expect(events[0]?.kind).toBe('delivery');
    expect(events.some((event) => event.message?.metadata?.event_type === 'pxmysql_job')).toBe(true);
  });

  it('lab send times out with 124', async () => {
    const result = await send(lab, 'oncall', '/pxmysql silent', { timeoutMs: 800 });
    expect(result.code).toBe(124);
    expect(result.err).toContain('timed out after 0.8 s');
  });

  it('lab send rejects an unknown user as usage', async () => {
    const result = await send(lab, 'nobody', '/pxmysql status');
    expect(result.code).toBe(2);
    expect(result.err).toContain('no lab user "nobody"');
  });

  it('records operation_timeout for a late ack', async () => {
    const result = await lab.sendSlashCommand({ user: 'oncall', text: 'slow 1500' });
    expect(result.delivery.ok).toBe(false);
    expect(result.delivery.error).toBe('operation_timeout');
  });

  it('click updates the message and answers', async () => {
    const requested = await send(lab, 'oncall', '/pxmysql approve-me', { timeoutMs: 600 });
    expect(requested.out).toContain('[Approve] (approve)');
    expect(requested.code).toBe(124);

    const out = new CapturedOutput();
    const err = new CapturedOutput();
    const code = await runLabClick({ user: 'approver', action: 'Approve', json: false, watchMs: 700, controlUrl: lab.controlUrl, out, err });
    expect(err.text).toBe('');
    expect(code).toBe(0);
    expect(out.text).toContain('[updated ');
    expect(out.text).toContain('Approved by @approver');
    expect(out.text).toContain('You approved apr-1');
    expect(deliveries).toContain('click:apr-1');
  });

  it('click on a missing button fails', async () => {
    const out = new CapturedOutput();
    const err = new CapturedOutput();
    const code = await runLabClick({ user: 'approver', action: 'no-such-button', json: false, controlUrl: lab.controlUrl, out, err });
    expect(code).toBe(1);
    expect(err.text).toContain('no message in #ops has a button "no-such-button"');
  });
});

describe('lab Slack Socket Mode connections', () => {
  it('fails with dispatch_failed when no client is connected', async () => {
    const lab = await startLabSlack({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN });
    try {
      const result = await lab.sendSlashCommand({ user: 'oncall', text: 'status' });
      expect(result.delivery.ok).toBe(false);
      expect(result.delivery.error).toBe('dispatch_failed');
    } finally {
      await lab.close();
    }
  });

  it('spreads deliveries across connected clients', async () => {
    const lab = await startLabSlack({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN, appToken: APP_TOKEN });
    const bots: { app: App; deliveries: string[] }[] = [createTinyBot(lab.apiUrl, { socket: true }), createTinyBot(lab.apiUrl, { socket: true })];
    try {
      for (const bot of bots) await bot.app.start();
      expect(lab.socketConnections()).toBe(2);
      for (let index = 0; index < 4; index += 1) {
        const result = await lab.sendSlashCommand({ user: 'oncall', text: `silent ${index}` });
        expect(result.delivery.ok).toBe(true);
      }
      expect(bots[0]?.deliveries).toHaveLength(2);
      expect(bots[1]?.deliveries).toHaveLength(2);
    } finally {
      for (const bot of bots) await bot.app.stop();
      await lab.close();
    }
  });
});
