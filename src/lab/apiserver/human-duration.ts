/**
 * Formats an age the way kubectl's AGE column does (k8s.io/apimachinery duration.HumanDuration):
 * `45s`, `5m30s`, `3h10m`, `2d4h`, `1y20d`.
 */
export function humanDuration(milliseconds: number): string {
  const seconds = Math.floor(milliseconds / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 120) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 10) return withRemainder(minutes, 'm', seconds % 60, 's');
  if (minutes < 180) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 8) return withRemainder(hours, 'h', minutes % 60, 'm');
  if (hours < 48) return `${hours}h`;
  const days = Math.floor(hours / 24);
  if (hours < 24 * 8) return withRemainder(days, 'd', hours % 24, 'h');
  if (hours < 24 * 365 * 2) return `${days}d`;
  const years = Math.floor(days / 365);
  if (hours < 24 * 365 * 8) return withRemainder(years, 'y', days % 365, 'd');
  return `${years}y`;
}

function withRemainder(whole: number, unit: string, remainder: number, remainderUnit: string): string {
  return remainder === 0 ? `${whole}${unit}` : `${whole}${unit}${remainder}${remainderUnit}`;
}

/** Returns the AGE cell for an RFC 3339 timestamp, or `<unknown>` when it is missing. */
export function ageSince(timestamp: string | undefined, now: Date): string {
  if (!timestamp) return '<unknown>';
  return humanDuration(now.getTime() - Date.parse(timestamp));
}
