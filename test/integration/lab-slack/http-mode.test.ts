import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runLabClick } from '../../../src/lab/cli/lab-click.js';
import { runLabSend } from '../../../src/lab/cli/lab-send.js';
import type { LabSlack } from '../../../src/lab/slack/server.js';
import { CapturedOutput } from './capture.js';
import { SIGNING_SECRET, startLabWithBot } from './tiny-bot.js';

describe('lab Slack over HTTP', () => {
  let lab: LabSlack;
  let deliveries: string[];
  let stop: () => Promise<void>;

  beforeAll(async () => {
    ({ lab, deliveries, stop } = await startLabWithBot('http', { ackTimeoutMs: 1000 }));
  });
  afterAll(async () => {
    await stop();
  });

  it('delivers a signed slash command', async () => {
    const result = await lab.sendSlashCommand({ user: 'admin', text: '/pxmysql silent' });
    expect(result.delivery).toMatchObject({ mode: 'http', ok: true, status: 200 });
    expect(deliveries).toContain('silent');
  });

  it('lab send follows a job to success', async () => {
    const out = new CapturedOutput();
    const err = new CapturedOutput();
    const code = await runLabSend({ user: 'oncall', text: '/pxmysql status', json: false, timeoutMs: 10_000, controlUrl: lab.controlUrl, out, err });
    expect(err.text).toBe('');
    expect(code).toBe(0);
    expect(out.text).toContain('failover orders-db: succeeded)');
    expect(out.text).toContain('delete-pod done');
  });

  it('treats a JSON response body as the immediate reply', async () => {
    const out = new CapturedOutput();
    const err = new CapturedOutput();
    const code = await runLabSend({ user: 'viewer', text: 'help', json: false, settleMs: 200, controlUrl: lab.controlUrl, out, err });
    expect(code).toBe(0);
    expect(out.text).toContain('[Run status] (run_status)');
    const event = lab.messages.eventsAfter(0).find((candidate) => candidate.message?.text === 'pxmysql help');
    expect(event?.source).toBe('immediate_response');
    expect(event?.visibleTo).toBe('U0LABVWR1');
  });

  it('is rejected with a stale timestamp', async () => {
    const before = deliveries.length;
    const staleSeconds = Math.floor(Date.now() / 1000) - 6 * 60;
    const result = await lab.sendSlashCommand({ user: 'oncall', text: 'status', signing: { timestamp: staleSeconds } });
    expect(result.delivery).toMatchObject({ ok: false, error: 'dispatch_failed', status: 401 });
    expect(deliveries.length).toBe(before);
  });

  it('is rejected with a wrong secret', async () => {
    const result = await lab.sendSlashCommand({ user: 'oncall', text: 'status', signing: { secret: `${SIGNING_SECRET}-wrong` } });
    expect(result.delivery).toMatchObject({ ok: false, error: 'dispatch_failed', status: 401 });
  });

  it('records operation_timeout for a late answer', async () => {
    const result = await lab.sendSlashCommand({ user: 'oncall', text: 'slow 1500' });
    expect(result.delivery).toMatchObject({ ok: false, error: 'operation_timeout' });
    const recorded = lab.messages.eventsAfter(0).filter((event) => event.kind === 'delivery' && event.delivery?.error === 'operation_timeout');
    expect(recorded).toHaveLength(1);
  });

  it('delivers a button click as payload', async () => {
    await lab.sendSlashCommand({ user: 'oncall', text: 'approve-me' });
    await waitFor(() => lab.messages.list('C0LABOPS1').some((message) => message.text === 'Approval needed'));
    const out = new CapturedOutput();
    const err = new CapturedOutput();
    const code = await runLabClick({ user: 'approver', action: 'approve', json: false, watchMs: 500, controlUrl: lab.controlUrl, out, err });
    expect(err.text).toBe('');
    expect(code).toBe(0);
    expect(out.text).toContain('You approved apr-1');
  });

  it('lab send reports a failed delivery', async () => {
    const out = new CapturedOutput();
    const err = new CapturedOutput();
    const code = await runLabSend({ user: 'oncall', text: 'slow 1500', json: false, controlUrl: lab.controlUrl, out, err });
    expect(code).toBe(1);
    expect(out.text).toContain('failed with the error "operation_timeout"');
  });
});

async function waitFor(condition: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
