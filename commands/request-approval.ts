import type { KnownBlock } from '@slack/types';
import type { Approval } from '../src/approvals/approval-types.js';
import type { Locale } from '../src/config/app-config.js';
import type { TargetConfig } from '../src/config/targets-schema.js';
import type { Logger } from '../src/logging.js';
import type { Operation } from '../src/queue/job-data.js';
import { approvalMetadata, pendingApprovalBlocks } from '../src/slack/approval-message.js';
import { recordAudit } from './failover.js';
import type { CommandReply } from './reply.js';
import type { CommandDependencies, SlashCommandInput } from './router.js';
import { targetLockedReply } from './target-lock-reply.js';

/** An operation's request for a second person's approval. */
export interface ApprovalSpec {
  operation: Operation;
  target: TargetConfig;
  /** Operation parameters; the job is built from them once approved. JSON values only. */
  params: Record<string, unknown>;
  force?: boolean;
  /**
   * Reads the cluster and builds the plan: the message's notification text (mrkdwn, already
   * escaped) and its blocks. Called only once the target is known to be free.
   */
  buildPlan(): Promise<{ title: string; blocks: KnownBlock[] }>;
}

/**
 * Requests an approval for any operation: rejects it at once when another operation has the target locked,
 * stores a pending approval in Redis, posts the plan with Approve and Reject buttons in the channel,
 * and audits the request. The click handler builds the job from the stored approval.
 */
/** Dependencies of `requestApproval`; the worker has them too, for approvals that follow a job. */
export type ApprovalDependencies = Pick<CommandDependencies, 'locks' | 'approvals' | 'config' | 'slack' | 'audit' | 'logger'>;

export async function requestApproval(
  deps: ApprovalDependencies,
  input: Pick<SlashCommandInput, 'userId' | 'channelId' | 'triggerId'>,
  locale: Locale,
  log: Logger,
  spec: ApprovalSpec,
): Promise<{ reply: CommandReply | undefined; approval: Approval | undefined }> {
  const target = spec.target.name;
  const holder = await deps.locks.current(target);
  if (holder !== undefined) {
    log.info({ target, holderJobId: holder.jobId, operation: spec.operation }, 'rejected request: target locked');
    await recordAudit(deps, log, { type: 'refusal', user: input.userId, target, operation: spec.operation, reason: `target locked by ${holder.jobId}` });
    return { reply: await targetLockedReply(deps, locale, target, holder), approval: undefined };
  }

  const plan = await spec.buildPlan();
  const approval = await deps.approvals.create(
    {
      operation: spec.operation,
      target,
      params: spec.params,
      requestedBy: input.userId,
      channel: input.channelId,
      triggerId: input.triggerId,
      locale,
      ...(spec.force === undefined ? {} : { force: spec.force }),
    },
    { ttlMs: deps.config.approvals.ttlMs },
  );
  const blocks = [...plan.blocks, ...pendingApprovalBlocks(locale, approval.id, approval.expiresAt)];
  const metadata = approvalMetadata({ approvalId: approval.id, triggerId: input.triggerId, target, operation: spec.operation }, { state: 'pending' });
  const posted = await deps.slack.chat.postMessage({ channel: input.channelId, text: plan.title, blocks, metadata });
  if (posted.ts !== undefined) await deps.approvals.attachMessage(approval.id, { channel: input.channelId, ts: posted.ts });

  log.info({ approvalId: approval.id, target, operation: spec.operation }, 'approval requested');
  await recordAudit(deps, log, { type: 'request', user: input.userId, target, operation: spec.operation, approvalId: approval.id, params: spec.params });
  return { reply: undefined, approval };
}
