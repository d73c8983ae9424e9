/**
 * One indivisible unit of escaped mrkdwn: an entity produced by `escapeText`, a surrogate pair, or
 * any single UTF-16 code unit. Cutting between units never leaves half an entity or half an emoji.
 */
const UNIT = /&(?:amp|lt|gt);|[\uD800-\uDBFF][\uDC00-\uDFFF]|[\s\S]/g;

const ELLIPSIS = '…';

/** Splits text into the units that {@link cutText} and the output splitter never divide. */
export function textUnits(text: string): string[] {
  return text.match(UNIT) ?? [];
}

/** Returns the longest prefix of `text` that fits in `max` code units without dividing a unit. */
export function cutText(text: string, max: number): string {
  if (text.length <= max) return text;

  let length = 0;
  let prefix = '';
  for (const unit of textUnits(text)) {
    if (length + unit.length > max) break;
    length += unit.length;
    prefix += unit;
  }
  return prefix;
}

/**
 * Shortens text to at most `max` code units, ending with `…` when anything was cut. Safe for escaped
 * mrkdwn because no entity is divided; a code fence or emphasis opened before the cut may stay open.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  if (max < ELLIPSIS.length) return cutText(text, max);
  return cutText(text, max - ELLIPSIS.length) + ELLIPSIS;
}
