/** Slack's maximum channel name length, in characters. */
export const MAX_CHANNEL_NAME_LENGTH = 80;

/**
 * Builds an incident channel name such as `inc-20261204-orders-db-failover` from the UTC date, the
 * target and the operation. Every character Slack rejects (anything but lowercase letters, digits,
 * `-` and `_`) becomes `-`. Attempts 2, 3, … append `-2`, `-3`, … for retries after `name_taken`.
 * The base is cut so that the name with its suffix stays within 80 characters.
 */
export function incidentChannelName(date: Date, target: string, operation: string, attempt = 1): string {
  const day = date.toISOString().slice(0, 10).replaceAll('-', '');
  const base = `inc-${day}-${slug(target)}-${slug(operation)}`.replace(/-{2,}/g, '-').replace(/-$/, '');
  const suffix = attempt > 1 ? `-${attempt}` : '';
  const trimmedBase = base.slice(0, MAX_CHANNEL_NAME_LENGTH - suffix.length).replace(/-+$/, '');
  return `${trimmedBase}${suffix}`;
}

function slug(value: string): string {
  return value.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '');
}
