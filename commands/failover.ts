import type { Locale } from '../src/config/app-config.js';
import type { TargetConfig } from '../src/config/targets-schema.js';
import type { Logger } from '../src/logging.js';
import { approvalMetadata, failoverApprovalMessage, type FailoverApprovalRequest } from '../src/slack/approval-message.js';
import type { CommandRequest } from './parse-command.js';
import { readFailoverPlan } from './failover-plan.js';
import type { CommandDependencies, SlashCommandInput } from './router.js';
import type { CommandReply } from './reply.js';
import { targetLockedReply } from './target-lock-reply.js';

type FailoverRequest = Extract<CommandRequest, { subcommand: 'failover' }>;

/**
 * Requests a failover: refuses at once when another operation holds the target, reads the plan
 * (current pod and node, PVC, replicas, latest snapshot), stores a pending approval in Redis and
 * posts the approval message with Approve and Reject buttons in the channel.
 */
export async function requestFailover(
  deps: CommandDependencies,
  input: SlashCommandInput,
  request: FailoverRequest,
  target: TargetConfig,
  locale: Locale,
  log: Logger,
): Promise<CommandReply | undefined> {
  const holder = await deps.locks.current(target.name);
  if (holder !== undefined) {
    log.info({ target: target.name, holderJobId: holder.jobId }, 'rejected failover request: target locked');
    await recordAudit(deps, log, { type: 'refusal', user: input.userId, target: target.name, operation: 'failover', reason: `target locked by ${holder.jobId}` });
    return await targetLockedReply(deps, locale, target.name, holder);
  }

  const plan = await readFailoverPlan(deps.clusters.kubeConfig(target.name), target);
  const approval = await deps.approvals.create(
    {
      operation: 'failover',
      target: target.name,
      params: { force: request.force, keepCordoned: request.keepCordoned },
      requestedBy: input.userId,
      channel: input.channelId,
      triggerId: input.triggerId,
      locale,
      force: request.force,
    },
    { ttlMs: deps.config.approvals.ttlMs },
  );
  const view: FailoverApprovalRequest = {
    approvalId: approval.id,
    target: target.name,
    requestedBy: input.userId,
    triggerId: input.triggerId,
    force: request.force,
    keepCordoned: request.keepCordoned,
    expiresAt: approval.expiresAt,
  };
  const message = failoverApprovalMessage(locale, view, plan, { state: 'pending' });
  const posted = await deps.slack.chat.postMessage({ channel: input.channelId, text: message.text, blocks: message.blocks, metadata: approvalMetadata(view, { state: 'pending' }) });
  if (posted.ts !== undefined) await deps.approvals.attachMessage(approval.id, { channel: input.channelId, ts: posted.ts });

  log.info({ approvalId: approval.id, target: target.name, force: request.force }, 'failover approval requested');
  await recordAudit(deps, log, {
    type: 'request',
    user: input.userId,
    target: target.name,
    operation: 'failover',
    approvalId: approval.id,
    params: { force: request.force, keepCordoned: request.keepCordoned },
  });
  return undefined;
}

/** Writes an audit entry; a failure is logged, because the audit must not block a reply to Slack. */
export async function recordAudit(deps: Pick<CommandDependencies, 'audit'>, log: Logger, entry: Parameters<CommandDependencies['audit']['record']>[0]): Promise<void> {
  try {
    await deps.audit.record(entry);
  } catch (error) {
    log.error({ err: error, auditType: entry.type, target: entry.target }, 'cannot write the audit entry');
  }
}
