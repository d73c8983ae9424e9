import { formatSeconds } from '../failover/format-seconds.js';

/**
 * Formats a duration in milliseconds for a message: under a minute in seconds with one decimal
 * (`4.2 s`), above in the two largest units (`3 min 20 s`, `2 h 5 min`, `3 d 4 h`). Negative
 * values, from clocks that disagree, count as 0.
 */
export function formatDuration(ms: number): string {
  const clamped = Math.max(0, ms);
  if (clamped < 59_950) return `${formatSeconds(clamped)} s`;
  const totalSeconds = Math.round(clamped / 1000);
  const days = Math.floor(totalSeconds / 86_400);
  const hours = Math.floor((totalSeconds % 86_400) / 3_600);
  const minutes = Math.floor((totalSeconds % 3_600) / 60);
  const seconds = totalSeconds % 60;
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  if (minutes > 0) return `${minutes} min ${seconds} s`;
  return `${seconds} s`;
}
