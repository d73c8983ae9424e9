import type { Locale } from '../../src/config/app-config.js';
import { section } from '../../src/slack/blocks/builders.js';
import type { OutgoingMessage } from '../../src/slack/blocks/types.js';
import type { JobState } from '../../src/slack/thread-types.js';
import { inlineCode, TrustedMrkdwn, userText } from '../../src/slack/user-text.js';
import { formatSeconds } from '../failover/format-seconds.js';
import type { ScheduledSnapshotJobData } from './scheduled-snapshot-data.js';

/**
 * Builds the one message a scheduled snapshot posts: while it runs, then replaced by the result.
 * A success names the snapshot, its size, the time taken, how many scheduled snapshots are
 * retained and which were deleted. A failure notice names no reason, because the reason is in its thread.
 */
export function scheduledSnapshotNotice(data: ScheduledSnapshotJobData, state: JobState): OutgoingMessage {
  const { locale, schedule } = data;
  const common = { target: inlineCode(data.target), schedule: inlineCode(schedule.id) };
  const result = data.scheduled?.result;

  let text: string;
  if (state === 'succeeded' && result !== undefined) {
    const elapsedMs = Date.parse(result.readyAt) - Date.parse(result.startedAt);
    text = userText(locale, 'schedule.notice.succeeded', {
      ...common,
      name: inlineCode(result.name),
      size: result.restoreSize ?? userText(locale, 'common.unknown'),
      seconds: Number.isNaN(elapsedMs) ? userText(locale, 'common.unknown') : formatSeconds(elapsedMs),
      retained: data.scheduled?.retained ?? 0,
      deleted: deletedList(locale, data.scheduled?.deleted ?? []),
    });
  } else if (state === 'failed' || state === 'succeeded') {
    text = userText(locale, 'schedule.notice.failed', common);
  } else if (state === 'cancelled') {
    text = userText(locale, 'schedule.notice.cancelled', common);
  } else {
    text = userText(locale, 'schedule.notice.running', common);
  }
  return { text, blocks: [section(text)] };
}

/** Formats deleted snapshot names as inline code, or the catalog word for none. */
export function deletedList(locale: Locale, names: readonly string[]): TrustedMrkdwn {
  if (names.length === 0) return new TrustedMrkdwn(userText(locale, 'schedule.notice.deletedNone'));
  return new TrustedMrkdwn(names.map((name) => inlineCode(name).mrkdwn).join(', '));
}
