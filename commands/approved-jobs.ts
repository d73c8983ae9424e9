import type { Approval } from '../src/approvals/approval-types.js';
import type { Locale } from '../src/config/app-config.js';
import { PxmysqlError } from '../src/errors.js';
import { dropJobFromApproval } from './drop.js';
import { restoreJobFromApproval } from './restore.js';
import { promoteJobFromApproval } from './promote.js';
import type { JobData, JobRequestData } from '../src/queue/job-data.js';

/**
 * Builds the job that an approval starts, from the stored request (never from the click). Each
 * operation that needs an approval adds its case here.
 */
export function jobForApproval(approval: Approval, approvedBy: string): JobData {
  const common = {
    target: approval.target,
    requestedBy: approval.requestedBy,
    channel: approval.channel,
    triggerId: approval.triggerId,
    locale: approval.locale as Locale,
    ...(approval.messageTs === undefined ? {} : { threadTs: approval.messageTs }),
  } satisfies Omit<JobRequestData, 'operation'>;

  switch (approval.operation) {
    case 'failover':
      return {
        ...common,
        operation: 'failover',
        approvalId: approval.id,
        approvedBy,
        force: approval.force === true,
        keepCordoned: approval.params.keepCordoned === true,
      };
    case 'expand':
      return { ...common, operation: 'expand', size: String(approval.params.size), approvalId: approval.id, approvedBy };
    case 'restore':
      return restoreJobFromApproval(approval, approvedBy);
    case 'drop':
      return dropJobFromApproval(approval, approvedBy);
    case 'promote':
      return promoteJobFromApproval(approval, approvedBy);
    default:
      throw new PxmysqlError('approval_operation_unknown', `approval ${approval.id} is for an unknown operation ${approval.operation}`);
  }
}
