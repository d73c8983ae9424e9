import { catalogEn, type MessageKey } from './catalog-en.js';
import { catalogZhCn } from './catalog-zh-cn.js';

export type Locale = 'en' | 'zh-CN';

export type { MessageKey } from './catalog-en.js';

export type MessageParams = Readonly<Record<string, string | number>>;

const CATALOGS: Readonly<Record<Locale, Readonly<Record<MessageKey, string>>>> = {
  en: catalogEn,
  'zh-CN': catalogZhCn,
};

const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/**
 * Returns whether a missing key or parameter throws. It throws under test (vitest sets `VITEST`, or
 * `NODE_ENV=test`), so mistakes fail a test. In production the message is still sent with the
 * placeholder visible, because a reply with a gap is better than no reply.
 */
function strictByDefault(): boolean {
  return process.env.VITEST !== undefined || process.env.NODE_ENV === 'test';
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.hasOwn(catalogEn, key);
}

/** Returns the names of the `{name}` placeholders in a template, each once, in order of appearance. */
export function placeholdersOf(template: string): string[] {
  return [...new Set([...template.matchAll(PLACEHOLDER)].map((match) => match[1] as string))];
}

/**
 * Replaces each `{name}` in a template with `params[name]`. Values are inserted as given: escape
 * untrusted ones first. A missing parameter throws when `strict`, and otherwise stays as `{name}`.
 * Parameters the template does not use are ignored.
 */
export function formatMessage(template: string, params: MessageParams, strict: boolean): string {
  return template.replace(PLACEHOLDER, (placeholder, name: string) => {
    const value = params[name];
    if (value !== undefined) return String(value);
    if (strict) throw new Error(`missing message parameter "${name}" in template: ${template}`);
    return placeholder;
  });
}

/**
 * Returns the message `key` in `locale` with its placeholders filled. An unknown key throws under
 * test and returns the key itself in production, so the gap is visible without losing the reply.
 */
export function translate(locale: Locale, key: string, params: MessageParams = {}): string {
  const strict = strictByDefault();
  if (!isMessageKey(key)) {
    if (strict) throw new Error(`unknown message key "${key}"`);
    return key;
  }
  return formatMessage(CATALOGS[locale][key], params, strict);
}

/**
 * Maps a Slack user locale (`users.info` with `include_locale`, such as `en-US` or `zh-CN`) to a
 * catalog. Simplified Chinese (`zh-CN`, `zh_CN`, `zh-SG`, `zh-Hans…`, bare `zh`) maps to `zh-CN`,
 * any English locale to `en`; Traditional Chinese and every other locale get `fallback`.
 */
export function resolveLocale(slackLocale: string | undefined, fallback: Locale): Locale {
  if (slackLocale === undefined) return fallback;

  const tag = slackLocale.trim().toLowerCase().replace(/_/g, '-');
  if (tag === 'en' || tag.startsWith('en-')) return 'en';
  if (tag === 'zh' || tag === 'zh-cn' || tag === 'zh-sg' || tag.startsWith('zh-hans')) return 'zh-CN';
  return fallback;
}
