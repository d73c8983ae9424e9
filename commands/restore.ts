import type { KnownBlock } from '@slack/types';
import type { Approval } from '../src/approvals/approval-types.js';
import type { Locale } from '../src/config/app-config.js';
import type { TargetConfig } from '../src/config/targets-schema.js';
import { PxmysqlError } from '../src/errors.js';
import { fields, section } from '../src/slack/blocks/builders.js';
import { escapeText } from '../src/slack/blocks/escape.js';
import { inlineCode, mention, userText } from '../src/slack/user-text.js';
import type { SnapshotRecord } from '../jobs/restore/restore-context.js';
import type { RestoreJobData } from '../jobs/restore/restore-data.js';
import { defaultRestoreName, restoreClaimName, validateRestoreName } from '../jobs/restore/restore-names.js';
import { approvalJobFields } from './approval-job-fields.js';

export { defaultRestoreName, validateRestoreName };

/**
 * Builds the plan of a restore approval message: the snapshot (API, readiness, restore size,
 * recorded fingerprint), the Deployment and PVC the job will create, and what `--promote` adds.
 * The expiry line and the buttons follow it.
 */
export function restorePlanMessage(
  locale: Locale,
  target: TargetConfig,
  snapshot: SnapshotRecord,
  restoreName: string,
  promote: boolean,
  options: { requestedBy?: string } = {},
): { title: string; blocks: KnownBlock[] } {
  const t = (key: string, params = {}) => userText(locale, key, params);
  const user = options.requestedBy === undefined ? '?' : mention(options.requestedBy);
  const title = t('restore.plan.title', { user, snapshot: snapshot.name, target: target.name });
  const claim = restoreClaimName(restoreName);

  const fingerprint = snapshot.fingerprint;
  const fingerprintText =
    fingerprint === undefined
      ? t('restore.plan.noFingerprint')
      : t('restore.plan.fingerprintValue', { tables: fingerprint.tables.length, databases: fingerprint.databases.length });

  const blocks: KnownBlock[] = [section(title)];
  if (!snapshot.ready) blocks.push(section(t('restore.plan.notReady')));
  blocks.push(
    ...fields([
      { label: t('restore.plan.snapshot'), value: inlineCode(snapshot.name).mrkdwn },
      { label: t('restore.plan.api'), value: escapeText(snapshot.api) },
      { label: t('restore.plan.restoreSize'), value: escapeText(snapshot.restoreSize ?? '?') },
      { label: t('restore.plan.fingerprint'), value: fingerprintText },
      { label: t('restore.plan.deployment'), value: inlineCode(restoreName).mrkdwn },
      { label: t('restore.plan.claim'), value: inlineCode(claim).mrkdwn },
    ]),
  );
  blocks.push(section(t('restore.plan.steps', { claim: inlineCode(claim), deployment: inlineCode(restoreName) })));
  if (promote) blocks.push(section(t('restore.plan.promote', { service: inlineCode(target.service), deployment: inlineCode(restoreName) })));
  return { title, blocks };
}

/** Builds the restore job from the stored approval (never from the click). */
export function restoreJobFromApproval(approval: Approval, approvedBy: string): RestoreJobData {
  const { snapshotName, restoreName, promote } = approval.params;
  if (typeof snapshotName !== 'string') {
    throw new PxmysqlError('approval_params_invalid', `approval ${approval.id} for restore lacks the snapshot name`);
  }
  const name = typeof restoreName === 'string' ? restoreName : defaultRestoreName(snapshotName);
  return {
    ...approvalJobFields(approval, approvedBy),
    operation: 'restore',
    snapshotName,
    restoreName: validateRestoreName(name),
    // Promotion needs its own approval: the restore job requests it only once the data is verified.
    promote: false,
    requestPromotion: promote === true,
  };
}
