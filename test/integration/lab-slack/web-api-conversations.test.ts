import { webApi } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLabSlack, type LabSlack } from '../../../src/lab/slack/server.js';
import { BOT_TOKEN, SIGNING_SECRET } from './tiny-bot.js';

const ONCALL = 'U0LABONC1';
const ADMIN = 'U0LABADM1';
const VIEWER = 'U0LABVWR1';
const BOT = 'U0LABBOT1';

function errorOf(error: unknown): string | undefined {
  return (error as { data?: { error?: string } }).data?.error;
}

function dataOf(error: unknown): Record<string, unknown> {
  return (error as { data?: Record<string, unknown> }).data ?? {};
}

describe('lab Slack conversations and user groups', () => {
  let lab: LabSlack;
  let client: webApi.WebClient;

  beforeAll(async () => {
    lab = await startLabSlack({ signingSecret: SIGNING_SECRET, botToken: BOT_TOKEN });
    client = new webApi.WebClient(BOT_TOKEN, { slackApiUrl: lab.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true, logLevel: webApi.LogLevel.ERROR });
  });
  afterAll(async () => {
    await lab.close();
  });

  async function createChannel(name: string): Promise<string> {
    const result = await client.conversations.create({ name });
    return String(result.channel?.id);
  }

  it('conversations.create returns a new channel', async () => {
    const result = await client.conversations.create({ name: 'inc-20261204-orders-db-failover' });
    expect(result.ok).toBe(true);
    expect(result.channel?.id).toMatch(/^C[A-Z0-9]{10}$/);
    expect(result.channel?.name).toBe('inc-20261204-orders-db-failover');
    expect(result.channel?.is_member).toBe(true);
    expect(result.channel?.creator).toBe(BOT);
    expect(lab.workspace.channels.map((channel) => channel.name)).toEqual(expect.arrayContaining(['ops', 'general', 'inc-20261204-orders-db-failover']));
  });

  it('conversations.create rejects invalid names', async () => {
    const cases: Array<[string, string]> = [
      ['', 'invalid_name_required'],
      ['a'.repeat(81), 'invalid_name_maxlength'],
      ['Incident', 'invalid_name_specials'],
      ['inc 1', 'invalid_name_specials'],
      ['inc.1', 'invalid_name_specials'],
      ['--_', 'invalid_name_punctuation'],
      ['ops', 'name_taken'],
    ];
    for (const [name, expected] of cases) {
      const failure = await client.conversations.create({ name }).then(
        () => undefined,
        (error: unknown) => errorOf(error),
      );
      expect(failure, `name ${JSON.stringify(name)}`).toBe(expected);
    }
  });

  it('conversations.create accepts 80 characters', async () => {
    const name = `x${'-'.repeat(78)}y`;
    expect((await client.conversations.create({ name })).channel?.name).toBe(name);
  });

  it('created channel takes messages', async () => {
    const id = await createChannel('inc-messages');
    const posted = await client.chat.postMessage({ channel: id, text: 'summary' });
    expect(posted.channel).toBe(id);
    expect(lab.messages.list(id).map((message) => message.text)).toEqual(['summary']);
  });

  it('conversations.invite adds comma-separated users', async () => {
    const id = await createChannel('inc-invite');
    const result = await client.conversations.invite({ channel: id, users: `${ONCALL},${ADMIN}` });
    expect(result.ok).toBe(true);
    const channel = lab.workspace.channels.find((candidate) => candidate.id === id);
    expect(channel?.members).toEqual([BOT, ONCALL, ADMIN]);
  });

  it('conversations.invite rejects invalid users', async () => {
    const id = await createChannel('inc-invite-errors');
    await client.conversations.invite({ channel: id, users: ONCALL });
    const cases: Array<[string, string]> = [
      [ONCALL, 'already_in_channel'],
      ['U0NOSUCH1', 'user_not_found'],
      ['oncall', 'user_not_found'],
      [BOT, 'cant_invite_self'],
    ];
    for (const [users, expected] of cases) {
      const failure = await client.conversations.invite({ channel: id, users }).then(
        () => undefined,
        (error: unknown) => errorOf(error),
      );
      expect(failure, `users ${users}`).toBe(expected);
    }
    const channel = lab.workspace.channels.find((candidate) => candidate.id === id);
    expect(channel?.members).toEqual([BOT, ONCALL]);
  });

  it('conversations.invite fails whole call without force', async () => {
    const id = await createChannel('inc-invite-partial');
    const failure = await client.conversations.invite({ channel: id, users: `${ADMIN},U0NOSUCH1` }).then(
      () => undefined,
      (error: unknown) => dataOf(error),
    );
    expect(failure?.['error']).toBe('user_not_found');
    expect(failure?.['errors']).toEqual([{ user: 'U0NOSUCH1', ok: false, error: 'user_not_found' }]);
    expect(lab.workspace.channels.find((candidate) => candidate.id === id)?.members).toEqual([BOT]);

    const forced = await client.conversations.invite({ channel: id, users: `${ADMIN},U0NOSUCH1`, force: true });
    expect(forced.ok).toBe(true);
    expect(forced['errors']).toEqual([{ user: 'U0NOSUCH1', ok: false, error: 'user_not_found' }]);
    expect(lab.workspace.channels.find((candidate) => candidate.id === id)?.members).toEqual([BOT, ADMIN]);
  });

  it('conversations.invite checks the channel', async () => {
    const unknown = await client.conversations.invite({ channel: 'C0NOSUCH01', users: ONCALL }).catch((error: unknown) => errorOf(error));
    expect(unknown).toBe('channel_not_found');
    const byName = await client.conversations.invite({ channel: 'ops', users: VIEWER }).catch((error: unknown) => errorOf(error));
    expect(byName).toBe('channel_not_found');
    const empty = await client.conversations.invite({ channel: 'C0LABOPS1', users: '' }).catch((error: unknown) => errorOf(error));
    expect(empty).toBe('no_user');
  });

  it('conversations.setTopic stores the topic', async () => {
    const id = await createChannel('inc-topic');
    const result = await client.conversations.setTopic({ channel: id, topic: 'orders-db failover failed' });
    expect(result.ok).toBe(true);
    expect((result.channel as { topic?: { value?: string; creator?: string } }).topic).toMatchObject({ value: 'orders-db failover failed', creator: BOT });
    const info = await client.conversations.info({ channel: id });
    expect(info.channel?.topic?.value).toBe('orders-db failover failed');
  });

  it('conversations.setTopic rejects 251 characters', async () => {
    const id = await createChannel('inc-topic-long');
    const failure = await client.conversations.setTopic({ channel: id, topic: 't'.repeat(251) }).catch((error: unknown) => errorOf(error));
    expect(failure).toBe('too_long');
    expect((await client.conversations.setTopic({ channel: id, topic: 't'.repeat(250) })).ok).toBe(true);
  });

  it('usergroups.users.list returns the members', async () => {
    const result = await client.usergroups.users.list({ usergroup: 'S0LABONC1' });
    expect(result.ok).toBe(true);
    expect(result.users).toEqual([ONCALL, ADMIN]);
    const failure = await client.usergroups.users.list({ usergroup: 'S0NOSUCH1' }).catch((error: unknown) => errorOf(error));
    expect(failure).toBe('no_such_subteam');
  });

  it('control API lists created channels', async () => {
    const id = await createChannel('inc-control');
    await client.conversations.setTopic({ channel: id, topic: 'shown to lab users' });
    const response = await fetch(`${lab.controlUrl}channels`);
    const body = (await response.json()) as { channels: Array<{ id: string; name: string; topic: string; members: string[] }> };
    expect(body.channels.find((channel) => channel.id === id)).toMatchObject({ name: 'inc-control', topic: 'shown to lab users', members: [BOT] });

    await client.chat.postMessage({ channel: id, text: 'visible' });
    const messages = await fetch(`${lab.controlUrl}messages?channel=inc-control`);
    const listed = (await messages.json()) as { channel: string; messages: Array<{ text: string }> };
    expect(listed.channel).toBe(id);
    expect(listed.messages.map((message) => message.text)).toEqual(['visible']);
  });
});
