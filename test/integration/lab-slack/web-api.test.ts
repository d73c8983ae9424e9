import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLabSlack, type LabSlack } from '../../../src/lab/slack/server.js';
import { compareTs } from '../../../src/lab/slack/ids.js';
import { BOT_TOKEN, SIGNING_SECRET } from './tiny-bot.js';

const OPS = 'C0LABOPS1';

function errorOf(error: unknown): string | undefined {
  return (error as { data?: { error?: string } }).data?.error;
}

describe('lab Slack Web API', () => {
  let lab: LabSlack;
  let client: webApi.WebClient;

  beforeAll(async () => {
    lab = await startLabSlack({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN });
    client = new webApi.WebClient(BOT_TOKEN, { slackApiUrl: lab.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logLevel: webApi.LogLevel.ERROR });
  });
  afterAll(async () => {
    await lab.close();
  });

  it('auth.test returns the bot identity', async () => {
    const result = await client.auth.test();
    expect(result).toMatchObject({ ok: true, team_id: 'T0LAB0001', user_id: 'U0LABBOT1', bot_id: 'B0LABBOT1' });
  });

  it('chat.postMessage stores blocks and metadata', async () => {
    const result = await client.chat.postMessage({
      channel: 'ops',
      text: 'hello',
      blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '*hello*' } }],
      metadata: { event_type: 'pxmysql_job', event_payload: { job_id: 'j1', state: 'queued' } },
    });
    expect(result.ok).toBe(true);
    expect(result.channel).toBe(OPS);
    expect(result.ts).toMatch(/^\d{10}\.\d{6}$/);
    const stored = lab.messages.find(OPS, String(result.ts));
    expect(stored?.metadata).toEqual({ event_type: 'pxmysql_job', event_payload: { job_id: 'j1', state: 'queued' } });
    expect(stored?.blocks).toHaveLength(1);
    expect(typeof (stored?.blocks?.[0] as { block_id?: unknown }).block_id).toBe('string');
  });

  it('issues increasing ts values', async () => {
    const first = await client.chat.postMessage({ channel: OPS, text: 'one' });
    const second = await client.chat.postMessage({ channel: OPS, text: 'two' });
    expect(compareTs(String(second.ts), String(first.ts))).toBeGreaterThan(0);
  });

  it('threads replies and keeps metadata on update', async () => {
    const parent = await client.chat.postMessage({
      channel: OPS,
      text: 'parent',
      metadata: { event_type: 'pxmysql_job', event_payload: { state: 'running' } },
    });
    const reply = await client.chat.postMessage({ channel: OPS, text: 'reply', thread_ts: String(parent.ts) });
    const nested = await client.chat.postMessage({ channel: OPS, text: 'nested', thread_ts: String(reply.ts) });
    expect(lab.messages.find(OPS, String(nested.ts))?.thread_ts).toBe(parent.ts);

    const updated = await client.chat.update({ channel: OPS, ts: String(parent.ts), text: 'parent v2' });
    expect(updated).toMatchObject({ ok: true, channel: OPS, ts: parent.ts, text: 'parent v2' });
    expect(lab.messages.find(OPS, String(parent.ts))?.metadata?.event_payload).toEqual({ state: 'running' });
  });

  it('returns Slack error names', async () => {
    const cases: [string, () => Promise<unknown>][] = [
      ['channel_not_found', () => client.chat.postMessage({ channel: 'C0NOPE', text: 'x' })],
      ['no_text', () => client.chat.postMessage({ channel: OPS, text: '' })],
      ['msg_too_long', () => client.chat.postMessage({ channel: OPS, text: 'x'.repeat(40_001) })],
      ['thread_not_found', () => client.chat.postMessage({ channel: OPS, text: 'x', thread_ts: '1.000001' })],
      ['message_not_found', () => client.chat.update({ channel: OPS, ts: '1.000001', text: 'x' })],
      ['user_not_found', () => client.users.info({ user: 'U0NOPE' })],
      ['channel_not_found', () => client.conversations.info({ channel: 'C0NOPE' })],
      ['unknown_method', () => client.apiCall('pxmysql.nothing')],
      ['not_allowed_token_type', () => client.apps.connections.open({})],
    ];
    for (const [expected, call] of cases) {
      const error = await call().then(() => undefined, (caught: unknown) => caught);
      expect(errorOf(error), expected).toBe(expected);
    }
  });

  it('rejects more than 50 blocks', async () => {
    const blocks = Array.from({ length: 51 }, () => ({ type: 'divider' }));
    const error = await client.chat.postMessage({ channel: OPS, text: 'x', blocks }).catch((caught: unknown) => caught);
    expect(errorOf(error)).toBe('invalid_blocks');
  });

  it('rejects section text over 3000', async () => {
    const blocks = [{ type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(3001) } }];
    const error = await client.chat.postMessage({ channel: OPS, text: 'x', blocks }).catch((caught: unknown) => caught);
    expect(errorOf(error)).toBe('invalid_blocks');
    const accepted = await client.chat.postMessage({ channel: OPS, text: 'x', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'y'.repeat(3000) } }] });
    expect(accepted.ok).toBe(true);
  });

  it('rejects a missing or wrong token', async () => {
    const anonymous = await fetch(`${lab.apiUrl}auth.test`, { method: 'POST' }).then((response) => response.json());
    expect(anonymous).toEqual({ ok: false, error: 'not_authed' });
    const wrong = new webApi.WebClient('xoxb-wrong', { slackApiUrl: lab.apiUrl, retryConfig: { retries: 0 } });
    expect(errorOf(await wrong.auth.test().catch((caught: unknown) => caught))).toBe('invalid_auth');
  });

  it('accepts JSON bodies and token fields', async () => {
    const json = await fetch(`${lab.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BOT_TOKEN}`, 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify({ channel: OPS, text: 'from json', metadata: { event_type: 'x', event_payload: { a: 1 } } }),
    }).then((response) => response.json() as Promise<{ ok: boolean; message: { metadata: unknown } }>);
    expect(json.ok).toBe(true);
    expect(json.message.metadata).toEqual({ event_type: 'x', event_payload: { a: 1 } });

    const form = await fetch(`${lab.apiUrl}auth.test`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({ token: BOT_TOKEN }).toString(),
    }).then((response) => response.json() as Promise<{ ok: boolean }>);
    expect(form.ok).toBe(true);
  });

  it('users.info returns the locale on request', async () => {
    const withLocale = await client.users.info({ user: 'U0LABAPR1', include_locale: true });
    expect(withLocale.user?.name).toBe('approver');
    expect(withLocale.user?.locale).toBe('zh-CN');
    const without = await client.users.info({ user: 'U0LABONC1' });
    expect(without.user?.locale).toBeUndefined();
  });

  it('conversations.info and getPermalink work', async () => {
    const info = await client.conversations.info({ channel: 'C0LABGEN1' });
    expect(info.channel?.name).toBe('general');
    const posted = await client.chat.postMessage({ channel: OPS, text: 'link me' });
    const link = await client.chat.getPermalink({ channel: OPS, message_ts: String(posted.ts) });
    expect(link.permalink).toContain(`/archives/${OPS}/p`);
    const fetched = await fetch(String(link.permalink)).then((response) => response.json() as Promise<{ message: { text: string } }>);
    expect(fetched.message.text).toBe('link me');
  });

  it('chat.postEphemeral stores a private message', async () => {
    const result = await client.chat.postEphemeral({ channel: OPS, user: 'U0LABVWR1', text: 'only you' });
    expect(result.message_ts).toMatch(/^\d+\.\d{6}$/);
    const stored = lab.messages.listEphemeral(OPS, 'U0LABVWR1').map((entry) => entry.message.text);
    expect(stored).toContain('only you');
  });

  it('answers 429 with Retry-After', async () => {
    lab.setRateLimit('chat.postMessage', { retryAfterSeconds: 7, count: 2 });
    const raw = await fetch(`${lab.apiUrl}chat.postMessage`, {
      method: 'POST',
      headers: { authorization: `Bearer ${BOT_TOKEN}`, 'content-type': 'application/json' },
      body: JSON.stringify({ channel: OPS, text: 'limited' }),
    });
    expect(raw.status).toBe(429);
    expect(raw.headers.get('retry-after')).toBe('7');
    expect(await raw.json()).toEqual({ ok: false, error: 'ratelimited' });

    const error = await client.chat.postMessage({ channel: OPS, text: 'limited' }).catch((caught: unknown) => caught);
    expect((error as { code?: string; retryAfter?: number }).code).toBe('slack_webapi_rate_limited_error');
    expect((error as { retryAfter?: number }).retryAfter).toBe(7);
    expect((await client.chat.postMessage({ channel: OPS, text: 'free again' })).ok).toBe(true);
  });

  it('records calls without the token', () => {
    const posts = lab.calls.filter((call) => call.method === 'chat.postMessage');
    expect(posts.length).toBeGreaterThan(3);
    expect(posts.some((call) => call.status === 429 && call.error === 'ratelimited')).toBe(true);
    expect(lab.calls.every((call) => !('token' in call.args))).toBe(true);
  });

  it('response_url allows 5 uses', async () => {
    const command = await lab.sendSlashCommand({ user: 'oncall', text: 'status' });
    expect(command.delivery.error).toBe('dispatch_failed');
    const responseUrl = command.responseUrl;
    expect(responseUrl.startsWith(lab.controlUrl)).toBe(true);
    const statuses: number[] = [];
    for (let use = 0; use < 6; use += 1) {
      const response = await fetch(responseUrl, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ text: `use ${use}` }) });
      statuses.push(response.status);
    }
    expect(statuses).toEqual([200, 200, 200, 200, 200, 404]);
    const expired = await fetch(`${lab.controlUrl}response/0000`, { method: 'POST', body: '{}' });
    expect(expired.status).toBe(404);
  });

  it('control API lists channel messages', async () => {
    await client.chat.postMessage({ channel: 'general', text: 'in general' });
    const listed = await fetch(`${lab.controlUrl}messages?channel=general`).then((response) => response.json() as Promise<{ channel: string; messages: { text: string }[] }>);
    expect(listed.channel).toBe('C0LABGEN1');
    expect(listed.messages.map((message) => message.text)).toEqual(['in general']);
  });

  it('control API rejects an unknown channel', async () => {
    const response = await fetch(`${lab.controlUrl}commands`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ user: 'oncall', text: 'status', channel: 'random' }),
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toMatchObject({ ok: false, error: 'channel_not_found' });
  });
});
