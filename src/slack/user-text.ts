import type { Locale } from '../config/app-config.js';
import { escapeText } from './blocks/escape.js';
import { translate } from './i18n/translate.js';

/** A parameter value that is already valid mrkdwn (a mention or formatted code), so it is not escaped. */
export class TrustedMrkdwn {
  constructor(readonly mrkdwn: string) {}
}

export type TextParam = string | number | TrustedMrkdwn;

/** A Slack user mention, built from a user id (never from a display name). */
export function mention(userId: string): TrustedMrkdwn {
  if (!/^[UW][A-Z0-9]+$/.test(userId)) return new TrustedMrkdwn(escapeText(userId));
  return new TrustedMrkdwn(`<@${userId}>`);
}

/** Inline code: the value is escaped and backticks are replaced, so it cannot end the span early. */
export function inlineCode(value: string): TrustedMrkdwn {
  return new TrustedMrkdwn(`\`${escapeText(value.replaceAll('`', 'ˋ'))}\``);
}

/**
 * Renders a catalog message as mrkdwn. Plain string parameters are untrusted (user input, cluster
 * data) and are escaped exactly once here; catalog text itself is trusted.
 */
export function userText(locale: Locale, key: string, params: Record<string, TextParam> = {}): string {
  const rendered: Record<string, string | number> = {};
  for (const [name, value] of Object.entries(params)) {
    rendered[name] = value instanceof TrustedMrkdwn ? value.mrkdwn : typeof value === 'number' ? value : escapeText(value);
  }
  return translate(locale, key, rendered);
}
