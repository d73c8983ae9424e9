import type { Locale } from '../config/app-config.js';

/** Kinds of schedule: a scheduled snapshot, or a restore drill. */
export const SCHEDULE_KINDS = ['snapshot', 'drill'] as const;
export type ScheduleKind = (typeof SCHEDULE_KINDS)[number];

/** Origin of a schedule: a `/pxmysql schedule` command, or the targets file. */
export type ScheduleSource = 'command' | 'targets-file';

/**
 * One schedule, stored in the template data of its BullMQ job scheduler (plain JSON). Every job
 * that the scheduler creates carries a copy.
 */
export interface ScheduleSpec {
  /** Stable id `<kind>-<target>`, which is also the BullMQ job scheduler id. */
  id: string;
  kind: ScheduleKind;
  target: string;
  /** Cron pattern: 5 fields, or 6 with seconds first. */
  cron: string;
  /** IANA time zone that the cron pattern is read in. */
  timezone: string;
  /** Scheduled snapshots retained; undefined for kinds that create none. */
  keep: number | undefined;
  /** Slack channel of the notices. */
  channel: string;
  /** Slack user id of the creator, or `targets-file`. */
  createdBy: string;
  source: ScheduleSource;
  /** ISO time of the last upsert. */
  updatedAt: string;
  locale: Locale;
}

/** Time zone of a schedule created without `--tz`. */
export const DEFAULT_TIMEZONE = 'UTC';

/**
 * Returns the stable id of the one schedule of `kind` on `target`. Upserting under it replaces an
 * earlier schedule of the same kind and target, so restarts and redeploys never add a second one.
 */
export function scheduleIdFor(kind: ScheduleKind, target: string): string {
  return `${kind}-${target}`;
}

/** Splits a schedule id into its kind and target, or returns undefined for text that is not one. */
export function parseScheduleId(id: string): { kind: ScheduleKind; target: string } | undefined {
  for (const kind of SCHEDULE_KINDS) {
    const prefix = `${kind}-`;
    if (id.startsWith(prefix) && id.length > prefix.length) return { kind, target: id.slice(prefix.length) };
  }
  return undefined;
}
