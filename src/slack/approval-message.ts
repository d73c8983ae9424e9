import type { FailoverPlan } from '../../commands/failover-plan.js';
import type { Locale } from '../config/app-config.js';
import { buttons, context, fields, section } from './blocks/builders.js';
import { escapeText } from './blocks/escape.js';
import type { KnownBlock } from './blocks/types.js';
import { inlineCode, mention, userText } from './user-text.js';

/** Action ids of the approval buttons; the button value is only the approval id. */
export const APPROVE_ACTION = 'pxmysql_approve';
export const REJECT_ACTION = 'pxmysql_reject';

/** State of an approval as its message shows it. */
export type ApprovalView =
  | { state: 'pending' }
  | { state: 'approved'; by: string }
  | { state: 'rejected'; by: string }
  | { state: 'expired' };

/** The failover request that a plan message describes. */
export interface FailoverPlanRequest {
  target: string;
  requestedBy: string;
  force: boolean;
  keepCordoned: boolean;
}

/** Slack message metadata of an approval message; `lab send` reads its state. */
export function approvalMetadata(request: { approvalId: string; triggerId: string; target: string; operation?: string }, view: ApprovalView) {
  return {
    event_type: 'pxmysql_approval' as const,
    event_payload: { approval_id: request.approvalId, trigger_id: request.triggerId, operation: request.operation ?? 'failover', target: request.target, state: view.state },
  };
}

/**
 * Builds the end of a pending approval message: when it expires, and the Approve and Reject
 * buttons, whose value is only the approval id. Any operation's plan blocks go before these.
 */
export function pendingApprovalBlocks(locale: Locale, approvalId: string, expiresAt: Date, now = new Date()): KnownBlock[] {
  const minutes = Math.max(1, Math.round((expiresAt.getTime() - now.getTime()) / 60_000));
  return [
    { ...context(userText(locale, 'approval.expiresAt', { minutes })), block_id: 'pxmysql-expiry' },
    buttons(`pxmysql-approval-${approvalId}`, [
      { actionId: APPROVE_ACTION, text: userText(locale, 'approval.approve'), value: approvalId, style: 'primary' },
      { actionId: REJECT_ACTION, text: userText(locale, 'approval.reject'), value: approvalId, style: 'danger' },
    ]),
  ];
}

/** Builds the plan of a failover approval message; the expiry line and the buttons follow it. */
export function failoverPlanMessage(locale: Locale, request: FailoverPlanRequest, plan: FailoverPlan, now = new Date()): { title: string; blocks: KnownBlock[] } {
  const t = (key: string, params = {}) => userText(locale, key, params);
  const code = (value: string | undefined) => (value === undefined ? t('common.unknown') : inlineCode(value).mrkdwn);
  const pod = plan.status.pods.find((candidate) => !candidate.terminating) ?? plan.status.pods[0];
  const title = t('approval.failover.title', { target: request.target, user: mention(request.requestedBy) });

  const blocks: KnownBlock[] = [section(title)];
  blocks.push(
    ...fields([
      { label: t('status.pod'), value: code(pod?.name) },
      { label: t('status.node'), value: code(pod?.nodeName) },
      { label: t('status.pvc'), value: `${code(plan.status.pvc.name)} (${escapeText(plan.status.pvc.capacity ?? plan.status.pvc.requested ?? '?')})` },
      { label: t('status.replicationStatus'), value: escapeText(plan.replicationStatus ?? t('common.unknown')) },
      { label: t('status.replicaNodes'), value: plan.replicaNodes.map((node) => code(node)).join('\n') || t('common.unknown') },
      { label: t('approval.candidates'), value: plan.candidateNodes.map((node) => code(node)).join('\n') || t('approval.noCandidates') },
      { label: t('approval.latestSnapshot'), value: latestSnapshotText(locale, plan, now) },
    ]),
  );
  blocks.push(section(t('approval.failover.steps', { node: code(pod?.nodeName), pod: code(pod?.name) })));
  if (request.keepCordoned) blocks.push(section(t('approval.failover.keepCordoned')));
  if (request.force) blocks.push(section(t('approval.failover.forceWarning')));

  return { title, blocks };
}

function latestSnapshotText(locale: Locale, plan: FailoverPlan, now: Date): string {
  const snapshot = plan.latestSnapshot;
  if (snapshot === undefined) return userText(locale, 'approval.noSnapshot');
  const minutes = Math.max(0, Math.round((now.getTime() - snapshot.createdAt.getTime()) / 60_000));
  return userText(locale, 'approval.snapshotAge', { name: inlineCode(snapshot.name), minutes });
}
