import type { Locale } from '../src/config/app-config.js';
import { userText } from '../src/slack/user-text.js';

/** Formats a duration in whole seconds below 2 minutes, whole minutes below 2 hours, whole hours below 2 days, else days. */
export function formatDuration(locale: Locale, milliseconds: number): string {
  const seconds = Math.max(0, Math.floor(milliseconds / 1000));
  if (seconds < 120) return userText(locale, 'operations.duration.seconds', { seconds });
  const minutes = Math.floor(seconds / 60);
  if (minutes < 120) return userText(locale, 'snapshot.age.minutes', { minutes });
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return userText(locale, 'snapshot.age.hours', { hours });
  return userText(locale, 'snapshot.age.days', { days: Math.floor(hours / 24) });
}
