import { SCHEDULE_KEEP_RANGE } from '../src/config/targets-schema.js';
import { UserInputError } from '../src/errors.js';
import { parseScheduleId, SCHEDULE_KINDS, type ScheduleKind } from '../src/schedules/schedule-types.js';
import { describeToken, parseTargetName, rejectExtra, splitFlags, wordOf } from './parse-arguments.js';
import type { Token } from './tokenize.js';

/** Parsed schedule, schedules and unschedule commands. */
export type ScheduleCommandRequest =
  | { subcommand: 'schedule'; kind: ScheduleKind; target: string | undefined; cron: string; timezone: string | undefined; keep: number | undefined }
  | { subcommand: 'schedules'; target: string | undefined }
  /** The target is the one the schedule id names, so access is checked against it. */
  | { subcommand: 'unschedule'; id: string; target: string };

/** A cron field made of digits and `* / , - ?` only, such as `*\/10` or `0,30`: never a target name. */
const NUMERIC_CRON_FIELD = /^[0-9*?/,-]+$/;

/**
 * Parses `schedule KIND [target] CRON [--tz ZONE] [--keep N]`. The cron pattern is either one quoted
 * argument, or its 5 or 6 fields typed as separate words. With 6 unquoted words, a first word made
 * only of cron characters is the seconds field; any other first word is the target.
 */
export function parseSchedule(args: Token[]): ScheduleCommandRequest {
  const [kindToken, ...rest] = args;
  const kind = kindToken === undefined ? undefined : wordOf(kindToken)?.toLowerCase();
  if (kindToken === undefined || !SCHEDULE_KINDS.includes(kind as ScheduleKind)) {
    const given = kindToken === undefined ? '' : describeToken(kindToken);
    throw new UserInputError('invalid_argument', `schedule needs a kind (${SCHEDULE_KINDS.join(', ')}), got ${JSON.stringify(given)}`, 'schedule.invalidKind', {
      kind: given,
      kinds: SCHEDULE_KINDS.join(', '),
      subcommand: 'schedule',
    });
  }

  const valued = kind === 'snapshot' ? ['--tz', '--keep'] : ['--tz'];
  const { values, positional } = splitFlags(rest, 'schedule', { valued });
  const { target, cron } = splitTargetAndCron(positional);
  const timezone = values.get('--tz');
  const keep = values.get('--keep');
  return {
    subcommand: 'schedule',
    kind: kind as ScheduleKind,
    target,
    cron,
    timezone: timezone === undefined ? undefined : plainValue(timezone),
    keep: keep === undefined ? undefined : parseKeep(plainValue(keep)),
  };
}

export function parseSchedules(args: Token[]): ScheduleCommandRequest {
  rejectExtra(args, 1, 'schedules');
  return { subcommand: 'schedules', target: args[0] === undefined ? undefined : parseTargetName(args[0], 'schedules') };
}

export function parseUnschedule(args: Token[]): ScheduleCommandRequest {
  rejectExtra(args, 1, 'unschedule');
  const token = args[0];
  const id = token === undefined ? undefined : wordOf(token);
  const parsed = id === undefined ? undefined : parseScheduleId(id);
  if (token === undefined || id === undefined || parsed === undefined) {
    const given = token === undefined ? '' : describeToken(token);
    throw new UserInputError('invalid_argument', `unschedule needs a schedule id such as snapshot-orders-db, got ${JSON.stringify(given)}`, 'schedule.invalidId', {
      id: given,
      subcommand: 'unschedule',
    });
  }
  return { subcommand: 'unschedule', id, target: parseTargetName({ kind: 'word', value: parsed.target }, 'unschedule') };
}

/** Reads `--keep` as an integer within SCHEDULE_KEEP_RANGE. */
export function parseKeep(value: string): number {
  const keep = /^\d+$/.test(value) ? Number(value) : Number.NaN;
  if (!Number.isSafeInteger(keep) || keep < SCHEDULE_KEEP_RANGE.min || keep > SCHEDULE_KEEP_RANGE.max) {
    throw new UserInputError('invalid_argument', `--keep must be an integer from ${SCHEDULE_KEEP_RANGE.min} to ${SCHEDULE_KEEP_RANGE.max}, got ${JSON.stringify(value)}`, 'schedule.invalidKeep', {
      keep: value,
      min: SCHEDULE_KEEP_RANGE.min,
      max: SCHEDULE_KEEP_RANGE.max,
      subcommand: 'schedule',
    });
  }
  return keep;
}

function splitTargetAndCron(positional: Token[]): { target: string | undefined; cron: string } {
  const words = positional.map(plainValue);
  const single = (word: string | undefined): boolean => word !== undefined && (/\s/.test(word.trim()) || word.startsWith('@'));

  if (words.length === 1 && single(words[0])) return { target: undefined, cron: (words[0] as string).trim() };
  if (words.length === 2 && single(words[1])) return { target: parseTargetName(positional[0] as Token, 'schedule'), cron: (words[1] as string).trim() };
  if (words.length === 5) return { target: undefined, cron: words.join(' ') };
  if (words.length === 6 && NUMERIC_CRON_FIELD.test(words[0] as string)) return { target: undefined, cron: words.join(' ') };
  if (words.length === 6 || words.length === 7) return { target: parseTargetName(positional[0] as Token, 'schedule'), cron: words.slice(1).join(' ') };

  throw new UserInputError('missing_argument', `schedule needs a cron pattern of 5 or 6 fields, got ${JSON.stringify(words.join(' '))}`, 'schedule.missingCron', {
    subcommand: 'schedule',
  });
}

function plainValue(token: Token): string {
  const value = wordOf(token);
  if (value !== undefined) return value;
  throw new UserInputError('invalid_argument', `unexpected argument for schedule: ${describeToken(token)}`, 'error.unexpectedArgument', {
    argument: describeToken(token),
    subcommand: 'schedule',
  });
}
