import type { KnownBlock } from '@slack/types';
import { roleSatisfies } from '../src/access/roles.js';
import type { Approval, Verdict } from '../src/approvals/approval-types.js';
import type { Locale } from '../src/config/app-config.js';
import { APPROVE_ACTION, REJECT_ACTION } from '../src/slack/approval-message.js';
import { context } from '../src/slack/blocks/builders.js';
import { mention, userText } from '../src/slack/user-text.js';
import { jobForApproval } from './approved-jobs.js';
import { recordAudit } from './failover.js';
import { errorReply, infoReply, type CommandReply } from './reply.js';
import type { CommandDependencies } from './router.js';
import { targetLockedReply } from './target-lock-reply.js';

/** One press of Approve or Reject, as Slack delivered it. */
export interface ApprovalClick {
  userId: string;
  actionId: string;
  /** The button's value: only an approval id, never the request itself. */
  approvalId: string;
  /** Blocks of the message that was clicked, used to show the decision in place of the buttons. */
  messageBlocks: KnownBlock[];
}

/**
 * Decides an approval after re-checking everything at click time: the approval exists and is
 * pending and unexpired, the clicker may approve (approver role, not the requester), and no other
 * operation has the target locked. The first decision wins atomically in Redis; an approval starts a
 * job whose id derives from the approval id, so a click delivered twice starts one job.
 */
export async function handleApprovalClick(deps: CommandDependencies, click: ApprovalClick): Promise<CommandReply | undefined> {
  const locale = await deps.localeOf(click.userId);
  const verdict: Verdict = click.actionId === APPROVE_ACTION ? 'approved' : 'rejected';
  const log = deps.logger.child({ slackUser: click.userId, approvalId: click.approvalId, verdict });
  if (click.actionId !== APPROVE_ACTION && click.actionId !== REJECT_ACTION) return undefined;

  const approval = await deps.approvals.get(click.approvalId);
  if (approval === undefined) {
    log.warn('rejected click: unknown approval id');
    await recordAudit(deps, log, { type: 'refusal', user: click.userId, approvalId: click.approvalId, reason: 'unknown approval id' });
    return errorReply(userText(locale, 'approval.unknown'));
  }

  const refusal = await checkClicker(deps, locale, approval, click.userId, verdict);
  if (refusal !== undefined) {
    log.info({ reason: refusal.reason, target: approval.target }, 'rejected click');
    await recordAudit(deps, log, { type: 'refusal', user: click.userId, target: approval.target, operation: approval.operation, approvalId: approval.id, reason: refusal.reason });
    return refusal.reply;
  }

  const result = await deps.approvals.decide(approval.id, { verdict, by: click.userId, at: new Date() });
  switch (result.outcome) {
    case 'not-found':
      return errorReply(userText(locale, 'approval.unknown'));
    case 'expired':
      await showDecision(deps, log, result.approval, click.messageBlocks, userText(approval.locale as Locale, 'approval.expired'), 'expired');
      return errorReply(userText(locale, 'approval.expired'));
    case 'already-decided':
      return errorReply(
        userText(locale, result.approval.verdict === 'approved' ? 'approval.alreadyApproved' : 'approval.alreadyRejected', {
          user: mention(result.approval.decidedBy ?? ''),
        }),
      );
    case 'decided':
      break;
  }

  const decided = result.approval;
  log.info({ target: decided.target }, `approval ${verdict}`);
  await recordAudit(deps, log, { type: 'decision', user: click.userId, target: decided.target, operation: decided.operation, approvalId: decided.id, outcome: verdict });
  const decisionKey = verdict === 'approved' ? 'approval.approvedBy' : 'approval.rejectedBy';
  await showDecision(deps, log, decided, click.messageBlocks, userText(decided.locale as Locale, decisionKey, { user: mention(click.userId) }), verdict);
  if (verdict === 'rejected') return infoReply(userText(locale, 'approval.youRejected'));

  const job = jobForApproval(decided, click.userId);
  const enqueued = await deps.producer.enqueue(job, decided.id);
  log.info({ jobId: enqueued.jobId, target: decided.target, created: enqueued.created }, 'approved job enqueued');
  return infoReply(userText(locale, 'approval.youApproved', { jobId: enqueued.jobId }));
}

async function checkClicker(
  deps: CommandDependencies,
  locale: Locale,
  approval: Approval,
  userId: string,
  verdict: Verdict,
): Promise<{ reason: string; reply: CommandReply } | undefined> {
  // The requester may withdraw their own request; every other decision needs an approver.
  if (verdict === 'rejected' && userId === approval.requestedBy) return undefined;
  const role = await deps.roles.roleOf(userId);
  if (!roleSatisfies(role, 'approver')) {
    return { reason: 'clicker is not an approver', reply: errorReply(userText(locale, 'approval.notApprover', { role: role ?? '-' })) };
  }
  if (verdict === 'approved' && userId === approval.requestedBy) {
    return { reason: 'requester cannot approve their own request', reply: errorReply(userText(locale, 'approval.selfApproval')) };
  }
  // Only a pending approval can start a job. A decided or expired one goes on to `decide`, so a late
  // click gets the reply naming who decided first, even while that decision's job has the target lock.
  if (verdict === 'approved' && approval.status === 'pending') {
    const holder = await deps.locks.current(approval.target);
    if (holder !== undefined) return { reason: `target locked by ${holder.jobId}`, reply: await targetLockedReply(deps, locale, approval.target, holder) };
  }
  return undefined;
}

/** Replaces the approval message's buttons with the decision, keeping the plan. */
async function showDecision(
  deps: CommandDependencies,
  log: CommandDependencies['logger'],
  approval: Approval,
  blocks: KnownBlock[],
  decision: string,
  state: 'approved' | 'rejected' | 'expired',
): Promise<void> {
  if (approval.messageChannel === undefined || approval.messageTs === undefined) return;
  const kept = blocks.filter((block) => block.type !== 'actions' && !(block.type === 'context' && block.block_id?.startsWith('pxmysql-expiry')));
  const updated = [...kept, { ...context(decision), block_id: 'pxmysql-decision' }];
  try {
    await deps.slack.chat.update({
      channel: approval.messageChannel,
      ts: approval.messageTs,
      text: decision,
      blocks: updated,
      metadata: {
        event_type: 'pxmysql_approval',
        event_payload: { approval_id: approval.id, trigger_id: approval.triggerId, operation: approval.operation, target: approval.target, state },
      },
    });
  } catch (error) {
    log.error({ err: error, target: approval.target }, 'cannot update the approval message');
  }
}
