import { App, LogLevel } from '@slack/bolt';
import { findFreePort } from '../../../src/lab/processes/free-port.js';
import { startLabSlack, type LabSlack, type LabSlackOptions } from '../../../src/lab/slack/server.js';

export const BOT_TOKEN = 'xoxb-lab-test-token';
export const APP_TOKEN = 'xapp-1-lab-test-token';
export const SIGNING_SECRET = 'lab-test-signing-secret';

/**
 * A small Bolt 5 app that handles `/pxmysql` the way the real bot's conventions require, so tests
 * of the lab Slack run against the real Bolt receivers and WebClient:
 * - `help`: immediate ephemeral reply with a button; `bad`: immediate reply with an error block;
 * - `later`: empty ack, then an ephemeral reply through response_url;
 * - `status` / `fail`: a job parent message with metadata, thread replies, then the final update;
 * - `approve-me`: a channel message with Approve and Reject buttons (handled by `approve`);
 * - `slow MS`: acknowledges after MS milliseconds; `silent`: acknowledges and says nothing.
 */
export function createTinyBot(apiUrl: string, mode: { socket: true } | { socket: false; port: number }): { app: App; deliveries: string[] } {
  const deliveries: string[] = [];
  const common = {
    token: BOT_TOKEN,
    signingSecret: SIGNING_SECRET,
    tokenVerificationEnabled: false,
    botId: 'B0LABBOT1',
    botUserId: 'U0LABBOT1',
    logLevel: LogLevel.ERROR,
    clientOptions: { slackApiUrl: apiUrl, retryConfig: { retries: 0 } },
  };
  const app = mode.socket ? new App({ ...common, appToken: APP_TOKEN, socketMode: true }) : new App({ ...common, port: mode.port });

  app.command('/pxmysql', async ({ command, ack, respond, client }) => {
    deliveries.push(command.text);
    const [subcommand = '', argument = ''] = command.text.split(/\s+/);
    if (subcommand === 'help') {
      await ack({
        response_type: 'ephemeral',
        text: 'pxmysql help',
        blocks: [
          { type: 'header', text: { type: 'plain_text', text: 'pxmysql' } },
          { type: 'section', text: { type: 'mrkdwn', text: 'Commands: `status`, `failover`' } },
          { type: 'actions', elements: [{ type: 'button', action_id: 'run_status', text: { type: 'plain_text', text: 'Run status' } }] },
        ],
      });
      return;
    }
    if (subcommand === 'bad') {
      await ack({
        text: 'unknown subcommand',
        blocks: [{ type: 'section', block_id: 'pxmysql-error-usage', text: { type: 'mrkdwn', text: 'Unknown subcommand `bad`' } }],
      });
      return;
    }
    if (subcommand === 'slow') {
      await new Promise((resolve) => setTimeout(resolve, Number(argument)));
      await ack();
      return;
    }
    await ack();
    if (subcommand === 'later') await respond({ text: 'answered through response_url' });
    if (subcommand === 'status' || subcommand === 'fail') {
      await runJob(client, command.channel_id, command.trigger_id, subcommand === 'fail' ? 'failed' : 'succeeded');
    }
    if (subcommand === 'approve-me') {
      await client.chat.postMessage({
        channel: command.channel_id,
        text: 'Approval needed',
        metadata: { event_type: 'pxmysql_approval', event_payload: { trigger_id: command.trigger_id, state: 'pending' } },
        blocks: [
          { type: 'section', text: { type: 'mrkdwn', text: '*Failover* of `orders-db` needs approval' } },
          {
            type: 'actions',
            block_id: 'approval',
            elements: [
              { type: 'button', action_id: 'approve', text: { type: 'plain_text', text: 'Approve' }, value: 'apr-1', style: 'primary' },
              { type: 'button', action_id: 'reject', text: { type: 'plain_text', text: 'Reject' }, value: 'apr-1', style: 'danger' },
            ],
          },
        ],
      });
    }
  });

  app.action('approve', async ({ ack, body, respond, client }) => {
    await ack();
    const action = body.type === 'block_actions' ? body.actions[0] : undefined;
    deliveries.push(`click:${action && 'value' in action ? String(action.value) : ''}`);
    if (body.type !== 'block_actions' || !body.channel || !body.message) return;
    await client.chat.update({ channel: body.channel.id, ts: body.message.ts, text: `Approved by <@${body.user.id}>`, blocks: [] });
    await respond({ text: 'You approved apr-1' });
  });

  return { app, deliveries };
}

async function runJob(client: App['client'], channel: string, triggerId: string, finalState: string): Promise<void> {
  const payload = (state: string) => ({ job_id: 'job-1', trigger_id: triggerId, operation: 'failover', target: 'orders-db', state });
  const parent = await client.chat.postMessage({
    channel,
    text: 'Failover of orders-db queued',
    metadata: { event_type: 'pxmysql_job', event_payload: payload('queued') },
  });
  const ts = String(parent.ts);
  await client.chat.update({ channel, ts, text: 'Failover of orders-db running', metadata: { event_type: 'pxmysql_job', event_payload: payload('running') } });
  await client.chat.postMessage({ channel, thread_ts: ts, text: 'cordon-node done', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: '```\nnode/gke-a cordoned\n```' } }] });
  await client.chat.postMessage({ channel, thread_ts: ts, text: 'delete-pod done' });
  await client.chat.update({ channel, ts, text: `Failover of orders-db ${finalState}`, metadata: { event_type: 'pxmysql_job', event_payload: payload(finalState) } });
}

/** Starts a lab Slack and a tiny bot connected to it in the given mode. */
export async function startLabWithBot(
  mode: 'socket' | 'http',
  extra: Partial<LabSlackOptions> = {},
): Promise<{ lab: LabSlack; app: App; deliveries: string[]; stop: () => Promise<void> }> {
  const botPort = mode === 'http' ? await findFreePort() : 0;
  const lab = await startLabSlack({
    signingSecret: SIGNING_SECRET,
    botToken: BOT_TOKEN,
    appToken: APP_TOKEN,
    ...(mode === 'http' ? { botHttpUrl: `http://127.0.0.1:${botPort}/slack/events` } : {}),
    ...extra,
  });
  const { app, deliveries } = createTinyBot(lab.apiUrl, mode === 'socket' ? { socket: true } : { socket: false, port: botPort });
  if (mode === 'socket') await app.start();
  else await app.start({ port: botPort, host: '127.0.0.1' });
  return {
    lab,
    app,
    deliveries,
    stop: async () => {
      await app.stop();
      await lab.close();
    },
  };
}
