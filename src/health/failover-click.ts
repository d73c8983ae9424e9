import { authorize } from '../access/authorize.js';
import type { TargetConfig } from '../config/targets-schema.js';
import { isPxmysqlError } from '../errors.js';
import { mention, inlineCode, userText } from '../slack/user-text.js';
import { recordAudit, requestFailover } from '../../commands/failover.js';
import { errorReply, infoReply, type CommandReply } from '../../commands/reply.js';
import type { CommandDependencies } from '../../commands/router.js';
import type { AlertStore } from './alert-store.js';
import { hasPodOnNotReadyNode, type TargetHealth } from './target-health.js';

/** One press of an alert's Fail over button, as Slack delivered it. */
export interface HealthFailoverClick {
  userId: string;
  /** Channel of the alert message, checked against the target's channels like a typed command. */
  channelId: string;
  /** The button's value: only an alert id. */
  alertId: string;
  /** Slack trigger id of the click; the approval records it like a command's. */
  triggerId: string;
}

export interface HealthClickDependencies extends CommandDependencies {
  healthAlerts: Pick<AlertStore, 'findById'>;
  readHealth(target: TargetConfig): Promise<TargetHealth>;
}

/**
 * Requests a failover from a health alert, as `/pxmysql failover TARGET` typed by the clicker
 * would: the alert must still be open, the clicker needs the operator role in an allowed channel,
 * and the request goes through the normal approval. It adds `--force` when a pod of the target is
 * on a NotReady node at click time, because a plain failover refuses a pod on a dead node.
 */
export async function handleHealthFailoverClick(deps: HealthClickDependencies, click: HealthFailoverClick): Promise<CommandReply> {
  const locale = await deps.localeOf(click.userId);
  const log = deps.logger.child({ slackUser: click.userId, alertId: click.alertId, channel: click.channelId });

  const alert = await deps.healthAlerts.findById(Object.keys(deps.config.targets), click.alertId);
  const target = alert === undefined ? undefined : deps.config.targets[alert.target];
  if (alert === undefined || target === undefined) {
    log.info('rejected alert click: the alert is closed');
    await recordAudit(deps, log, { type: 'refusal', user: click.userId, operation: 'failover', reason: `health alert ${click.alertId} is closed` });
    return errorReply(userText(locale, 'health.click.alertClosed'));
  }

  const role = await deps.roles.roleOf(click.userId);
  const decision = authorize({ role, required: 'operator', target, channelId: click.channelId });
  if (!decision.allowed) {
    log.info({ target: target.name, reason: decision.reason, role }, 'rejected alert click: access denied');
    await recordAudit(deps, log, { type: 'refusal', user: click.userId, target: target.name, operation: 'failover', reason: decision.reason });
    return errorReply(userText(locale, `error.access.${decision.reason}`, { role: role ?? '-', required: 'operator', target: inlineCode(target.name) }));
  }

  const health = await deps.readHealth(target);
  if (health.healthy) {
    const { serving } = health;
    log.info({ target: target.name, pod: serving?.pod, node: serving?.node }, 'alert click: target healthy again, no failover requested');
    if (serving === undefined) return infoReply(userText(locale, 'health.click.scaledToZero', { target: inlineCode(target.name), deployment: inlineCode(target.deployment) }));
    return infoReply(userText(locale, 'health.click.healthy', { target: inlineCode(target.name), pod: inlineCode(serving.pod), node: inlineCode(serving.node) }));
  }
  const force = hasPodOnNotReadyNode(health.pods);
  const stuckNode = health.pods.find((pod) => pod.node !== undefined && pod.nodeReady === false)?.node ?? '';

  let reply: CommandReply | undefined;
  try {
    reply = await requestFailover(
      deps,
      { userId: click.userId, channelId: click.channelId, triggerId: click.triggerId, text: `failover ${target.name}${force ? ' --force' : ''}` },
      { subcommand: 'failover', target: target.name, force, keepCordoned: false },
      target,
      locale,
      log,
    );
  } catch (error) {
    if (isPxmysqlError(error) && error.messageKey !== undefined && error.kind !== 'permanent') return errorReply(userText(locale, error.messageKey, { ...error.messageParams }));
    throw error;
  }
  if (reply !== undefined) return reply;

  log.info({ target: target.name, force, node: stuckNode || undefined }, 'failover requested from a health alert');
  if (alert.ts !== undefined) {
    const threadKey = force ? 'health.thread.forcedFailoverRequested' : 'health.thread.failoverRequested';
    const text = userText(deps.config.locale, threadKey, { user: mention(click.userId), target: inlineCode(target.name), node: inlineCode(stuckNode) });
    await deps.slack.chat
      .postMessage({ channel: alert.channel, thread_ts: alert.ts, text })
      .catch((error: unknown) => log.error({ err: error, target: target.name }, 'cannot note the failover request in the alert thread'));
  }
  if (force) return infoReply(userText(locale, 'health.click.forcedRequested', { target: inlineCode(target.name), node: inlineCode(stuckNode) }));
  return infoReply(userText(locale, 'health.click.requested', { target: inlineCode(target.name) }));
}
