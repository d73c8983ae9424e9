import type { Locale } from '../src/config/app-config.js';
import type { LockHolder } from '../src/locks/target-locks.js';
import { inlineCode, mention, TrustedMrkdwn, userText } from '../src/slack/user-text.js';
import type { CommandDependencies } from './router.js';
import { errorReply, type CommandReply } from './reply.js';

/** Builds the refusal for a target that another operation holds: which operation, whose, and its thread. */
export async function targetLockedReply(deps: Pick<CommandDependencies, 'slack' | 'logger'>, locale: Locale, target: string, holder: LockHolder): Promise<CommandReply> {
  let link: TrustedMrkdwn = new TrustedMrkdwn('');
  if (holder.channel !== undefined && holder.threadTs !== undefined) {
    try {
      const permalink = await deps.slack.chat.getPermalink({ channel: holder.channel, message_ts: holder.threadTs });
      if (permalink.permalink) link = new TrustedMrkdwn(` <${permalink.permalink}|${userText(locale, 'lock.thread')}>`);
    } catch (error) {
      deps.logger.warn({ err: error, target, jobId: holder.jobId }, 'cannot get the permalink of the running job thread');
    }
  }
  return errorReply(
    userText(locale, 'error.targetLocked', {
      target: inlineCode(target),
      operation: inlineCode(holder.operation),
      user: mention(holder.requestedBy),
      jobId: holder.jobId,
      link,
    }),
  );
}
