import type { App } from '@slack/bolt';
import { routeCommand, type CommandDependencies } from '../../commands/router.js';

/**
 * Registers the `/pxmysql` slash command. The handler acknowledges first, before any work that
 * could be slow (Slack allows 3 s), then sends an ephemeral reply through the response URL when there
 * is one. A job's thread carries everything else.
 */
export function registerCommands(app: App, deps: CommandDependencies): void {
  app.command('/pxmysql', async ({ command, ack, respond }) => {
    await ack();
    const reply = await routeCommand(deps, {
      userId: command.user_id,
      channelId: command.channel_id,
      text: command.text,
      triggerId: command.trigger_id,
    });
    if (reply === undefined) return;
    try {
      await respond({ response_type: 'ephemeral', text: reply.text, blocks: reply.blocks });
    } catch (error) {
      deps.logger.error({ err: error, slackUser: command.user_id, triggerId: command.trigger_id }, 'cannot send the ephemeral reply');
    }
  });
}
