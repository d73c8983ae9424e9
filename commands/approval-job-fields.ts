import type { Approval } from '../src/approvals/approval-types.js';
import type { Locale } from '../src/config/app-config.js';
import type { JobRequestData } from '../src/queue/job-data.js';

/**
 * Returns the job fields every approved operation shares, taken from the stored approval: who
 * asked, where, in which language, and the approval message whose thread the job reports in.
 */
export function approvalJobFields(approval: Approval, approvedBy: string): Omit<JobRequestData, 'operation'> & { approvalId: string; approvedBy: string } {
  return {
    target: approval.target,
    requestedBy: approval.requestedBy,
    channel: approval.channel,
    triggerId: approval.triggerId,
    locale: approval.locale as Locale,
    ...(approval.messageTs === undefined ? {} : { threadTs: approval.messageTs }),
    approvalId: approval.id,
    approvedBy,
  };
}
