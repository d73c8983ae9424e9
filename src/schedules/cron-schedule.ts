import { CronExpressionParser, type CronExpression } from 'cron-parser';
import { UserInputError } from '../errors.js';

/**
 * Runs examined when measuring the shortest interval of a cron pattern. A pattern whose shortest
 * gap first occurs after this many runs (such as a rare year-end pair) passes the check.
 */
const RUNS_EXAMINED = 200;

/** Throws `schedule_timezone_invalid` unless `timezone` is an IANA time zone that `Intl` accepts. */
export function validateTimezone(timezone: string): void {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: timezone });
  } catch {
    throw new UserInputError('schedule_timezone_invalid', `invalid time zone ${JSON.stringify(timezone)}: use an IANA name such as UTC or Asia/Shanghai`, 'schedule.invalidTimezone', {
      timezone,
    });
  }
}

/**
 * Parses a cron pattern as BullMQ will (cron-parser: 5 fields, 6 with seconds first, or a name such
 * as `@daily`). Throws `schedule_cron_invalid`.
 */
export function parseCron(cron: string, timezone: string, from: Date): CronExpression {
  const fields = cron.trim().split(/\s+/);
  const predefined = fields.length === 1 && cron.trim().startsWith('@');
  if (!predefined && fields.length !== 5 && fields.length !== 6) throw invalidCron(cron, `it has ${fields.length} fields, not 5 or 6`);
  try {
    return CronExpressionParser.parse(cron, { tz: timezone, currentDate: from, strict: false });
  } catch (error) {
    throw invalidCron(cron, (error as Error).message);
  }
}

/** Returns the next `count` run times of the pattern after `from`, in epoch milliseconds. */
export function nextRuns(cron: string, timezone: string, from: Date, count: number): number[] {
  const expression = parseCron(cron, timezone, from);
  const runs: number[] = [];
  while (runs.length < count && expression.hasNext()) runs.push(expression.next().getTime());
  return runs;
}

/**
 * Validates the time zone, the pattern and the shortest interval between two runs. Throws a
 * UserInputError (`schedule_timezone_invalid`, `schedule_cron_invalid`, `schedule_cron_never`
 * or `schedule_interval_too_short`) that names the value and the limit.
 */
export function validateCronSchedule(cron: string, timezone: string, minIntervalMs: number, now: Date): void {
  validateTimezone(timezone);
  const runs = nextRuns(cron, timezone, now, RUNS_EXAMINED);
  if (runs.length === 0) {
    throw new UserInputError('schedule_cron_never', `cron pattern ${JSON.stringify(cron)} never runs after ${now.toISOString()}`, 'schedule.cronNeverRuns', { cron });
  }
  const shortest = shortestGapMs(runs);
  if (shortest !== undefined && shortest < minIntervalMs) {
    throw new UserInputError(
      'schedule_interval_too_short',
      `cron pattern ${JSON.stringify(cron)} runs ${shortest / 1_000} s apart; the minimum is ${minIntervalMs / 1_000} s`,
      'schedule.intervalTooShort',
      { cron, seconds: shortest / 1_000, minimum: minIntervalMs / 1_000 },
    );
  }
}

/** Returns the shortest gap between consecutive times, or undefined for fewer than two. */
export function shortestGapMs(times: readonly number[]): number | undefined {
  let shortest: number | undefined;
  for (let index = 1; index < times.length; index += 1) {
    const gap = (times[index] as number) - (times[index - 1] as number);
    if (shortest === undefined || gap < shortest) shortest = gap;
  }
  return shortest;
}

function invalidCron(cron: string, reason: string): UserInputError {
  return new UserInputError('schedule_cron_invalid', `invalid cron pattern ${JSON.stringify(cron)}: ${reason}`, 'schedule.invalidCron', { cron, reason });
}
