import { promotePlanMessage } from '../../commands/promote.js';
import { requestApproval, type ApprovalDependencies } from '../../commands/request-approval.js';
import type { JobContext } from '../../src/runtime/job-context.js';
import type { RestoreJobData } from './restore-data.js';

/**
 * Asks for the approval of a promote job after a restore that was requested with `--promote`,
 * only when the restored data was verified against the snapshot's fingerprint. Promotion switches
 * the target's Service, so it needs its own decision once the verified result is known.
 */
export async function requestPromotionAfterRestore(context: JobContext, deps: ApprovalDependencies): Promise<void> {
  const data = context.job.data as RestoreJobData;
  if (data.requestPromotion !== true) return;
  if (data.restore?.verifySkipped !== false) {
    context.logger.warn({ restoreName: data.restoreName }, 'restore not verified; no promotion requested');
    return;
  }

  const { reply } = await requestApproval(
    deps,
    { userId: data.requestedBy, channelId: data.channel, triggerId: data.triggerId },
    data.locale,
    context.logger,
    {
      operation: 'promote',
      target: context.target,
      params: { restoreName: data.restoreName },
      buildPlan: async () => promotePlanMessage(data.locale, context.target, data.restoreName, data.requestedBy),
    },
  );
  if (reply !== undefined) context.logger.warn({ restoreName: data.restoreName, reply: reply.text }, 'promotion approval not requested');
}
