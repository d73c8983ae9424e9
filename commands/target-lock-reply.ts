import type { Locale } from '../src/config/app-config.js';
import type { LockHolder } from '../src/locks/target-locks.js';
import { inlineCode, mention, userText } from '../src/slack/user-text.js';
import { threadLink } from './thread-link.js';
import type { CommandDependencies } from './router.js';
import { errorReply, type CommandReply } from './reply.js';

/** Builds the refusal for a target that another operation holds: which operation, whose, and its thread. */
export async function targetLockedReply(deps: Pick<CommandDependencies, 'slack' | 'logger'>, locale: Locale, target: string, holder: LockHolder): Promise<CommandReply> {
  const link = await threadLink(deps, locale, { channel: holder.channel, ts: holder.threadTs }, { target, jobId: holder.jobId });
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
