import { textsOfBlock } from './block-text.js';
import { DEFAULT_FALLBACK_TEXT_MAX } from './limits.js';
import { truncateText } from './truncate.js';
import type { KnownBlock } from './types.js';

export interface PlainTextOptions {
  /** Maximum length of the result in UTF-16 code units; longer text ends with `…`. Default 500. */
  maxChars?: number;
}

/**
 * Builds the fallback `text` that `chat.postMessage` and `chat.update` need next to blocks: Slack
 * shows it in notifications and in clients that cannot render blocks. The block texts are joined by
 * line breaks and stay escaped, because Slack parses this text as mrkdwn too.
 */
export function blocksToPlainText(blocks: readonly KnownBlock[], options: PlainTextOptions = {}): string {
  const maxChars = options.maxChars ?? DEFAULT_FALLBACK_TEXT_MAX;
  const texts = blocks.flatMap((block) => textsOfBlock(block)).filter((text) => text.trim() !== '');
  return truncateText(texts.join('\n'), maxChars);
}
