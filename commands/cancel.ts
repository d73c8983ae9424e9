import type { Locale } from '../src/config/app-config.js';
import type { TargetConfig } from '../src/config/targets-schema.js';
import type { Logger } from '../src/logging.js';
import { inlineCode, mention, userText } from '../src/slack/user-text.js';
import type { OperationsCommandRequest } from './parse-operations-commands.js';
import { errorReply, infoReply, type CommandReply } from './reply.js';
import { resolveTarget } from './resolve-target.js';
import type { CommandDependencies, SlashCommandInput } from './router.js';

type CancelRequest = Extract<OperationsCommandRequest, { subcommand: 'cancel' }>;

/**
 * Cancels a job. A job that has not started is removed from the queue. A running job gets a
 * cancel request: its step runner stops before the next step and its compensations run (a
 * failover uncordons the node it cordoned). The step in progress is not interrupted, because
 * stopping a step halfway could leave the target in a state that no compensation undoes.
 */
export async function cancelJob(
  deps: CommandDependencies,
  input: SlashCommandInput,
  request: CancelRequest,
  locale: Locale,
  log: Logger,
  refusalFor: (target: TargetConfig) => Promise<CommandReply | undefined>,
): Promise<CommandReply> {
  const found = await deps.jobs.find(request.jobId);
  if (found === undefined) return errorReply(userText(locale, 'operations.cancel.notFound', { jobId: inlineCode(request.jobId) }));
  const { summary, job } = found;
  const target = resolveTarget(deps.config, summary.target);
  const refusal = await refusalFor(target);
  if (refusal !== undefined) return refusal;

  const ids = { jobId: summary.id, target: summary.target, operation: summary.operation };
  if (summary.state === 'succeeded' || summary.state === 'failed' || summary.state === 'cancelled') {
    return errorReply(
      userText(locale, 'operations.cancel.finished', { jobId: inlineCode(summary.id), state: userText(locale, `operations.jobs.state.${summary.state}`) }),
    );
  }

  // The request comes first, so a job that starts while it is being removed still stops before its first step.
  await deps.cancels.request(summary.id, input.userId);
  let removed = false;
  if (summary.state === 'waiting') {
    removed = await job.remove().then(
      () => true,
      (error: unknown) => {
        log.info({ ...ids, err: error }, 'job started while it was being removed; it stops at its next step');
        return false;
      },
    );
  }
  await deps.audit
    .record({ type: 'cancel', user: input.userId, target: summary.target, operation: summary.operation, jobId: summary.id, outcome: removed ? 'removed' : 'requested' })
    .catch((error: unknown) => log.error({ ...ids, err: error }, 'cannot write the cancel audit entry'));
  log.info({ ...ids, removed }, removed ? 'removed a waiting job' : 'requested cancellation of a running job');

  if (removed && summary.threadTs !== undefined) {
    const text = userText(summary.locale, 'operations.cancel.removedInThread', { user: mention(input.userId) });
    await deps.slack.chat
      .postMessage({ channel: summary.channel, thread_ts: summary.threadTs, text })
      .catch((error: unknown) => log.warn({ ...ids, err: error }, 'cannot say in the job thread that the job was cancelled'));
  }
  const key = removed ? 'operations.cancel.removed' : 'operations.cancel.requested';
  return infoReply(userText(locale, key, { jobId: inlineCode(summary.id), operation: inlineCode(summary.operation), target: inlineCode(summary.target) }));
}
