import type { KnownBlock } from '@slack/types';

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

export function infoReply(mrkdwn: string): CommandReply {
  return { text: mrkdwn, blocks: [{ type: 'section', block_id: 'pxmysql-info', text: { type: 'mrkdwn', text: mrkdwn } }] };
}

export function errorReply(mrkdwn: string, usage?: string): CommandReply {
  const blocks: KnownBlock[] = [{ type: 'section', block_id: ERROR_BLOCK_ID, text: { type: 'mrkdwn', text: mrkdwn } }];
  if (usage !== undefined) blocks.push({ type: 'context', block_id: `${ERROR_BLOCK_ID}-usage`, elements: [{ type: 'mrkdwn', text: usage }] });
  return { text: usage === undefined ? mrkdwn : `${mrkdwn}\n${usage}`, blocks };
}
