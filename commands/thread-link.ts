import type { WebClient } from '@slack/web-api';
import type { Locale } from '../src/config/app-config.js';
import type { Logger } from '../src/logging.js';
import { TrustedMrkdwn, userText } from '../src/slack/user-text.js';

/**
 * Returns ` <permalink|thread>` for a job's thread, or empty mrkdwn when the job has no thread yet
 * or Slack cannot give the permalink (logged, since the reply is still useful without the link).
 */
export async function threadLink(
  deps: { slack: Pick<WebClient, 'chat'>; logger: Logger },
  locale: Locale,
  thread: { channel: string | undefined; ts: string | undefined },
  ids: { target: string; jobId: string },
): Promise<TrustedMrkdwn> {
  if (thread.channel === undefined || thread.ts === undefined) return new TrustedMrkdwn('');
  try {
    const permalink = await deps.slack.chat.getPermalink({ channel: thread.channel, message_ts: thread.ts });
    if (permalink.permalink) return new TrustedMrkdwn(` <${permalink.permalink}|${userText(locale, 'lock.thread')}>`);
  } catch (error) {
    deps.logger.warn({ err: error, ...ids }, 'cannot get the permalink of a job thread');
  }
  return new TrustedMrkdwn('');
}
