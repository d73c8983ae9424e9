import { section } from './builders.js';
import { DEFAULT_FALLBACK_TEXT_MAX } from './limits.js';
import { blocksToPlainText } from './plain-text.js';
import { packMessages, sectionsForOutput, type PackOptions, type SectionSplitOptions } from './split.js';
import { truncateText } from './truncate.js';
import type { KnownBlock, OutgoingMessage } from './types.js';

export interface OutputMessageOptions extends PackOptions, SectionSplitOptions {
  /** Maximum length of each message's fallback `text`. Default 500. */
  maxFallbackChars?: number;
}

/**
 * Builds the messages that show one command's output under a title: a section with the title, then
 * the output in code blocks, packed into as many messages as Slack's limits need. Post the first
 * message and the rest as further thread replies, in order. `title` is mrkdwn that the caller has
 * already escaped; every message's fallback text is the title.
 */
export function outputMessages(title: string, output: string, options: OutputMessageOptions = {}): OutgoingMessage[] {
  const blocks: KnownBlock[] = [section(title), ...sectionsForOutput(output, options)];
  const text = truncateText(title, options.maxFallbackChars ?? DEFAULT_FALLBACK_TEXT_MAX);
  return packMessages(blocks, options).map((part) => ({ text, blocks: part }));
}

/**
 * Splits a message whose blocks exceed one message's limits into several messages. The first part
 * keeps the caller's `text`; later parts get a fallback text built from their own blocks. A message
 * that fits is returned unchanged, and a message without blocks is never split.
 */
export function splitMessage(message: OutgoingMessage, options: OutputMessageOptions = {}): OutgoingMessage[] {
  const parts = packMessages(message.blocks, options);
  if (parts.length <= 1) return [message];

  const maxChars = options.maxFallbackChars ?? DEFAULT_FALLBACK_TEXT_MAX;
  return parts.map((blocks, index) => ({
    text: index === 0 ? message.text : blocksToPlainText(blocks, { maxChars }),
    blocks,
  }));
}
