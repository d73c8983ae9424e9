import type { Approval } from '../src/approvals/approval-types.js';
import { PxmysqlError } from '../src/errors.js';
import { dropJobFromApproval } from './drop.js';
import { restoreJobFromApproval } from './restore.js';
import { promoteJobFromApproval } from './promote.js';
import type { JobData } from '../src/queue/job-data.js';
import { approvalJobFields } from './approval-job-fields.js';

/**
 * Builds the job that an approval starts, from the stored request (never from the click). Each
 * operation that needs an approval adds its case here.
 */
export function jobForApproval(approval: Approval, approvedBy: string): JobData {
  const common = approvalJobFields(approval, approvedBy);

  switch (approval.operation) {
    case 'failover':
      return {
        ...common,
        operation: 'failover',
        force: approval.force === true,
        keepCordoned: approval.params.keepCordoned === true,
      };
    case 'expand':
      return { ...common, operation: 'expand', size: String(approval.params.size) };
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
