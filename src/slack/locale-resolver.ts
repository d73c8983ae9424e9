import type { WebClient } from '@slack/web-api';
import type { Locale } from '../config/app-config.js';
import type { Logger } from '../logging.js';
import { resolveLocale } from './i18n/translate.js';

/**
 * Returns a function that gives a Slack user's locale (`users.info` with `include_locale`), cached
 * for an hour. When Slack cannot tell in time, the configured locale is used and the miss logged.
 */
export function createLocaleResolver(options: {
  client: Pick<WebClient, 'users'>;
  fallback: Locale;
  logger: Logger;
  timeoutMs?: number;
  ttlMs?: number;
  now?: () => number;
}): (userId: string) => Promise<Locale> {
  const cache = new Map<string, { locale: Locale; expiresAt: number }>();
  const now = options.now ?? Date.now;
  const ttlMs = options.ttlMs ?? 3_600_000;

  return async (userId: string) => {
    const cached = cache.get(userId);
    if (cached && cached.expiresAt > now()) return cached.locale;

    try {
      const response = await withTimeout(options.client.users.info({ user: userId, include_locale: true }), options.timeoutMs ?? 1_500);
      const locale = resolveLocale(response.user?.locale, options.fallback);
      cache.set(userId, { locale, expiresAt: now() + ttlMs });
      return locale;
    } catch (error) {
      options.logger.warn({ err: error, slackUser: userId }, 'cannot read the Slack user locale; using the configured locale');
      return options.fallback;
    }
  };
}

function withTimeout<T>(promise: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`users.info did not respond within ${timeoutMs} ms`)), timeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
}
