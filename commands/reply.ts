import type { KnownBlock } from '@slack/types';
import { SLACK_LIMITS } from '../src/slack/blocks/limits.js';
import { truncateText } from '../src/slack/blocks/truncate.js';

/** An ephemeral answer to the user who typed a command. */
export interface CommandReply {
  text: string;
  blocks: KnownBlock[];
}

/**
 * Prefix of the `block_id` that marks a reply as an error. The lab's `lab send` client reads it to
 * choose its exit code, so keep it stable.
 */
export const ERROR_BLOCK_ID = 'pxmysql-error';

/**
 * Builds an informational reply. Text longer than one section (3000 characters) is split at line
 * boundaries into several sections, so a long help or audit list is never rejected by Slack. A line
 * longer than a section is cut, and sections beyond Slack's 50 blocks are dropped.
 */
export function infoReply(mrkdwn: string): CommandReply {
  const blocks: KnownBlock[] = packLines(mrkdwn.split('\n'), SLACK_LIMITS.sectionText)
    .slice(0, SLACK_LIMITS.blocksPerMessage)
    .map((text, index) => ({ type: 'section', block_id: index === 0 ? 'pxmysql-info' : `pxmysql-info-${index + 1}`, text: { type: 'mrkdwn', text } }));
  return { text: mrkdwn, blocks };
}

/** Joins lines into chunks of at most `maxChars`, breaking only between lines. */
function packLines(lines: readonly string[], maxChars: number): string[] {
  const chunks: string[] = [];
  let current: string | undefined;
  for (const line of lines.map((text) => truncateText(text, maxChars))) {
    if (current !== undefined && current.length + 1 + line.length <= maxChars) {
      current = `${current}\n${line}`;
      continue;
    }
    if (current !== undefined) chunks.push(current);
    current = line;
  }
  if (current !== undefined) chunks.push(current);
  return chunks;
}

export function errorReply(mrkdwn: string, usage?: string): CommandReply {
  const blocks: KnownBlock[] = [{ type: 'section', block_id: ERROR_BLOCK_ID, text: { type: 'mrkdwn', text: mrkdwn } }];
  if (usage !== undefined) blocks.push({ type: 'context', block_id: `${ERROR_BLOCK_ID}-usage`, elements: [{ type: 'mrkdwn', text: usage }] });
  return { text: usage === undefined ? mrkdwn : `${mrkdwn}\n${usage}`, blocks };
}
