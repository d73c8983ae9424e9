import { randomUUID } from 'node:crypto';
import type { App, BlockAction, ButtonAction } from '@slack/bolt';
import { errorReply } from '../../commands/reply.js';
import { userText } from './user-text.js';
import type { KnownBlock } from '@slack/types';
import { handleApprovalClick } from '../../commands/approval-click.js';
import type { CommandDependencies } from '../../commands/router.js';
import { APPROVE_ACTION, REJECT_ACTION } from './approval-message.js';
import { HEALTH_FAILOVER_ACTION } from '../health/alert-message.js';
import { handleHealthFailoverClick, type HealthClickDependencies } from '../health/failover-click.js';

/**
 * Registers the Approve and Reject buttons. Each handler acknowledges first, then decides and
 * sends the clicker an ephemeral reply through the response URL.
 */
export function registerActions(app: App, deps: CommandDependencies & Partial<Pick<HealthClickDependencies, 'healthAlerts' | 'readHealth'>>): void {
  if (deps.healthAlerts !== undefined && deps.readHealth !== undefined) registerHealthFailoverAction(app, { ...deps, healthAlerts: deps.healthAlerts, readHealth: deps.readHealth });
  for (const actionId of [APPROVE_ACTION, REJECT_ACTION]) {
    app.action<BlockAction<ButtonAction>>(actionId, async ({ ack, body, action, respond }) => {
      await ack();
      const reply = await handleApprovalClick(deps, {
        userId: body.user.id,
        actionId: action.action_id,
        approvalId: action.value ?? '',
        messageBlocks: ((body.message?.blocks ?? []) as KnownBlock[]),
      }).catch((error: unknown) => {
        const errorId = randomUUID().slice(0, 8);
        deps.logger.error({ err: error, errorId, slackUser: body.user.id, approvalId: action.value }, 'approval click failed');
        return errorReply(userText(deps.config.locale, 'error.internal', { errorId }));
      });
      if (reply === undefined) return;
      try {
        await respond({ response_type: 'ephemeral', replace_original: false, text: reply.text, blocks: reply.blocks });
      } catch (error) {
        deps.logger.error({ err: error, slackUser: body.user.id, approvalId: action.value }, 'cannot send the ephemeral reply to a click');
      }
    });
  }
}

/** Registers the Fail over button of health alerts; the reply goes to the clicker only. */
function registerHealthFailoverAction(app: App, deps: HealthClickDependencies): void {
  app.action<BlockAction<ButtonAction>>(HEALTH_FAILOVER_ACTION, async ({ ack, body, action, respond }) => {
    await ack();
    const ids = { slackUser: body.user.id, alertId: action.value };
    const reply = await handleHealthFailoverClick(deps, {
      userId: body.user.id,
      channelId: body.channel?.id ?? '',
      alertId: action.value ?? '',
      triggerId: body.trigger_id,
    }).catch((error: unknown) => {
      const errorId = randomUUID().slice(0, 8);
      deps.logger.error({ err: error, errorId, ...ids }, 'health alert click failed');
      return errorReply(userText(deps.config.locale, 'error.internal', { errorId }));
    });
    try {
      await respond({ response_type: 'ephemeral', replace_original: false, text: reply.text, blocks: reply.blocks });
    } catch (error) {
      deps.logger.error({ err: error, ...ids }, 'cannot send the ephemeral reply to a health alert click');
    }
  });
}
