import type { KnownBlock } from '@slack/types';
import type { Approval } from '../src/approvals/approval-types.js';
import type { Locale } from '../src/config/app-config.js';
import type { TargetConfig } from '../src/config/targets-schema.js';
import { PxmysqlError } from '../src/errors.js';
import type { PromoteJobData } from '../jobs/restore/restore-data.js';
import { validateRestoreName } from '../jobs/restore/restore-names.js';
import { fields, section } from '../src/slack/blocks/builders.js';
import { inlineCode, mention, userText } from '../src/slack/user-text.js';
import { approvalJobFields } from './approval-job-fields.js';

/** Builds the approval plan of a promotion: which Service is switched to which Deployment. */
export function promotePlanMessage(locale: Locale, target: TargetConfig, restoreName: string, requestedBy: string): { title: string; blocks: KnownBlock[] } {
  const title = userText(locale, 'promote.plan.title', { user: mention(requestedBy), deployment: inlineCode(restoreName), target: inlineCode(target.name) });
  const blocks: KnownBlock[] = [
    section(title),
    ...fields([
      { label: userText(locale, 'promote.plan.service'), value: inlineCode(target.service).mrkdwn },
      { label: userText(locale, 'promote.plan.newDeployment'), value: inlineCode(restoreName).mrkdwn },
      { label: userText(locale, 'promote.plan.oldDeployment'), value: inlineCode(target.deployment).mrkdwn },
    ]),
    section(userText(locale, 'promote.plan.steps', { service: inlineCode(target.service), deployment: inlineCode(restoreName), old: inlineCode(target.deployment) })),
  ];
  return { title, blocks };
}

/** Builds the promote job from its stored approval. */
export function promoteJobFromApproval(approval: Approval, approvedBy: string): PromoteJobData {
  const restoreName = approval.params.restoreName;
  if (typeof restoreName !== 'string') throw new PxmysqlError('approval_params_invalid', `approval ${approval.id} for promote lacks the Deployment name`);
  return {
    ...approvalJobFields(approval, approvedBy),
    operation: 'promote',
    restoreName: validateRestoreName(restoreName),
  };
}
