import type { types } from '@slack/bolt';

/** Block Kit types from `@slack/types`, re-exported through `@slack/bolt` (a direct dependency). */
export type KnownBlock = types.KnownBlock;
export type SectionBlock = types.SectionBlock;
export type HeaderBlock = types.HeaderBlock;
export type ContextBlock = types.ContextBlock;
export type DividerBlock = types.DividerBlock;
export type ActionsBlock = types.ActionsBlock;
export type Button = types.Button;

/** The `text` and `blocks` of one `chat.postMessage` or `chat.update` call. */
export interface OutgoingMessage {
  /** Plain fallback for notifications and clients that cannot show blocks; Slack parses it as mrkdwn. */
  text: string;
  blocks: KnownBlock[];
}
