/** A destructive operation waiting for a second person's decision, as the Slack handler submits it. */
export interface ApprovalRequest {
  operation: string;
  target: string;
  /** Operation parameters shown in the plan and passed to the job; must be JSON-serializable. */
  params: Record<string, unknown>;
  /** Slack user id of the requester. */
  requestedBy: string;
  /** Slack channel id where the command was typed. */
  channel: string;
  /** Slack trigger id of the command. */
  triggerId: string;
  locale: string;
  /** True for `--force` requests, which need their own approval. */
  force?: boolean;
}

export type Verdict = 'approved' | 'rejected';

/** `pending` until decided; `expired` once `expiresAt` has passed without a decision. */
export type ApprovalStatus = 'pending' | Verdict | 'expired';

/** An approval as stored, with its decision once there is one. */
export interface Approval extends ApprovalRequest {
  /** Random URL-safe id: `apr_` followed by 20 hex digits. The Slack button value carries only this. */
  id: string;
  status: ApprovalStatus;
  createdAt: Date;
  expiresAt: Date;
  /** Channel and timestamp of the approval message, once posted. */
  messageChannel?: string;
  messageTs?: string;
  verdict?: Verdict;
  /** Slack user id of the person who decided. */
  decidedBy?: string;
  decidedAt?: Date;
  /** Reason given when an admin overrode the two-person rule. */
  breakGlassReason?: string;
}

export interface Decision {
  verdict: Verdict;
  /** Slack user id of the person deciding. */
  by: string;
  /** Time of the click; the approval must expire strictly after it. */
  at: Date;
  breakGlassReason?: string;
}

/** Result of `ApprovalStore.decide`: only `decided` means this call's verdict was recorded. */
export type DecideResult =
  | { outcome: 'decided'; approval: Approval }
  | { outcome: 'already-decided'; approval: Approval }
  | { outcome: 'expired'; approval: Approval }
  | { outcome: 'not-found' };
