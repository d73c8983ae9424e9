import type { AppConfig } from '../config/app-config.js';
import { SCHEDULE_KEEP_RANGE } from '../config/targets-schema.js';
import { ConfigError, isPxmysqlError } from '../errors.js';
import type { Logger } from '../logging.js';
import { validateCronSchedule } from './cron-schedule.js';
import type { ScheduleStore } from './schedule-store.js';
import { DEFAULT_TIMEZONE, scheduleIdFor, type ScheduleSpec } from './schedule-types.js';

/** The `createdBy` of schedules from the targets file. */
export const TARGETS_FILE_CREATOR = 'targets-file';

/**
 * Builds the schedules declared under `targets.<name>.schedules` in the targets file. Throws one
 * ConfigError listing every invalid entry with its key: a bad cron pattern or time zone, an
 * interval below the configured minimum, `keep` on a drill, a second entry of the same kind, or
 * no channel for the notices.
 */
export function declaredScheduleSpecs(config: AppConfig, now: Date): ScheduleSpec[] {
  const specs: ScheduleSpec[] = [];
  const problems: string[] = [];
  for (const target of Object.values(config.targets)) {
    const seen = new Set<string>();
    (target.schedules ?? []).forEach((entry, index) => {
      const key = `${config.targetsFile}: targets.${target.name}.schedules[${index}]`;
      const timezone = entry.timezone ?? DEFAULT_TIMEZONE;
      try {
        validateCronSchedule(entry.cron, timezone, config.schedules.minIntervalMs, now);
      } catch (error) {
        problems.push(`${key}: ${isPxmysqlError(error) ? error.message : String(error)}`);
        return;
      }
      if (entry.kind !== 'snapshot' && entry.keep !== undefined) {
        problems.push(`${key}.keep: only snapshot schedules keep snapshots; remove keep`);
        return;
      }
      if (seen.has(entry.kind)) {
        problems.push(`${key}.kind: a second ${entry.kind} schedule; a target has at most one schedule of each kind`);
        return;
      }
      seen.add(entry.kind);
      const channel = entry.channel ?? target.channels[0];
      if (channel === undefined) {
        problems.push(`${key}.channel: missing; set channel, or list a channel in targets.${target.name}.channels`);
        return;
      }
      specs.push({
        id: scheduleIdFor(entry.kind, target.name),
        kind: entry.kind,
        target: target.name,
        cron: entry.cron,
        timezone,
        keep: entry.kind === 'snapshot' ? (entry.keep ?? SCHEDULE_KEEP_RANGE.default) : undefined,
        channel,
        createdBy: TARGETS_FILE_CREATOR,
        source: 'targets-file',
        updatedAt: now.toISOString(),
        locale: config.locale,
      });
    });
  }
  if (problems.length > 0) throw new ConfigError(`invalid schedules in the targets file:\n${problems.join('\n')}`);
  return specs;
}

/**
 * Upserts the declared schedules (from `declaredScheduleSpecs`) under their stable ids, so every bot start leaves one scheduler
 * per schedule. Schedules that came from the targets file but are no longer declared are removed.
 * Schedules created by command are left alone unless a declared one has the same id.
 */
export async function upsertDeclaredSchedules(store: ScheduleStore, specs: readonly ScheduleSpec[], logger: Logger): Promise<void> {
  for (const spec of specs) await store.upsert(spec);

  const declared = new Set(specs.map((spec) => spec.id));
  for (const stored of await store.list()) {
    if (stored.spec.source !== 'targets-file' || declared.has(stored.spec.id)) continue;
    await store.remove(stored.spec.id);
    logger.info({ scheduleId: stored.spec.id, target: stored.spec.target }, 'removed a schedule that the targets file no longer declares');
  }
  logger.info({ schedules: specs.map((spec) => spec.id) }, 'declared schedules upserted');
}
