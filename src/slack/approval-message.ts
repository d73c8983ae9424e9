import type { FailoverPlan } from '../../commands/failover-plan.js';
import type { Locale } from '../config/app-config.js';
import { buttons, context, fields, section } from './blocks/builders.js';
import { escapeText } from './blocks/escape.js';
import type { KnownBlock, OutgoingMessage } from './blocks/types.js';
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

export interface FailoverApprovalRequest {
  approvalId: string;
  target: string;
  requestedBy: string;
  triggerId: string;
  force: boolean;
  keepCordoned: boolean;
  expiresAt: Date;
}

/** Slack message metadata of an approval message; `lab send` reads its state. */
export function approvalMetadata(request: FailoverApprovalRequest, view: ApprovalView) {
  return {
    event_type: 'pxmysql_approval' as const,
    event_payload: { approval_id: request.approvalId, trigger_id: request.triggerId, operation: 'failover', target: request.target, state: view.state },
  };
}

/** Builds the failover approval message: the plan, then the buttons or the decision. */
export function failoverApprovalMessage(locale: Locale, request: FailoverApprovalRequest, plan: FailoverPlan, view: ApprovalView, now = new Date()): OutgoingMessage {
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

  if (view.state === 'pending') {
    const minutes = Math.max(1, Math.round((request.expiresAt.getTime() - now.getTime()) / 60_000));
    blocks.push({ ...context(t('approval.expiresAt', { minutes })), block_id: 'pxmysql-expiry' });
    blocks.push(
      buttons(`pxmysql-approval-${request.approvalId}`, [
        { actionId: APPROVE_ACTION, text: t('approval.approve'), value: request.approvalId, style: 'primary' },
        { actionId: REJECT_ACTION, text: t('approval.reject'), value: request.approvalId, style: 'danger' },
      ]),
    );
  } else {
    blocks.push(context(decisionText(locale, view)));
  }
  return { text: title, blocks };
}

function decisionText(locale: Locale, view: Exclude<ApprovalView, { state: 'pending' }>): string {
  if (view.state === 'expired') return userText(locale, 'approval.expired');
  return userText(locale, view.state === 'approved' ? 'approval.approvedBy' : 'approval.rejectedBy', { user: mention(view.by) });
}

function latestSnapshotText(locale: Locale, plan: FailoverPlan, now: Date): string {
  const snapshot = plan.latestSnapshot;
  if (snapshot === undefined) return userText(locale, 'approval.noSnapshot');
  const minutes = Math.max(0, Math.round((now.getTime() - snapshot.createdAt.getTime()) / 60_000));
  return userText(locale, 'approval.snapshotAge', { name: inlineCode(snapshot.name), minutes });
}
