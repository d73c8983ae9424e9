import type { Locale } from '../src/config/app-config.js';
import { userText } from '../src/slack/user-text.js';

/** Formats a duration in whole seconds below 2 minutes, and above that as `formatMinutes` does. */
export function formatDuration(locale: Locale, milliseconds: number): string {
  const seconds = Math.max(0, Math.floor(milliseconds / 1000));
  if (seconds < 120) return userText(locale, 'operations.duration.seconds', { seconds });
  return formatMinutes(locale, Math.floor(seconds / 60));
}

/** Formats whole minutes: in minutes below 2 hours, in whole hours below 2 days, else in whole days. */
export function formatMinutes(locale: Locale, minutes: number): string {
  if (minutes < 120) return userText(locale, 'snapshot.age.minutes', { minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return userText(locale, 'snapshot.age.hours', { hours });
  return userText(locale, 'snapshot.age.days', { days: Math.floor(hours / 24) });
}
