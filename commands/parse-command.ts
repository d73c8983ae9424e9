import { UserInputError } from '../src/errors.js';
import { describeToken, parseTargetName, rejectExtra, splitFlags, wordOf } from './parse-arguments.js';
import { parseDrop, parseExpand, parsePromote, parseRestore, parseSnapshot, parseSnapshots, type StorageCommandRequest } from './parse-storage-commands.js';
import { parseAudit, parseCancel, parseJobs, type OperationsCommandRequest } from './parse-operations-commands.js';
import { parseDrill, type DrillCommandRequest } from './drill.js';
import { parseSchedule, parseSchedules, parseUnschedule, type ScheduleCommandRequest } from './parse-schedule-commands.js';
import { parseIncident, type IncidentCommandRequest } from './parse-incident.js';
import { closestSubcommand } from './closest-subcommand.js';
import { tokenize, type Token } from './tokenize.js';

export { describeToken } from './parse-arguments.js';

/** Every subcommand, one per line; help lists them in the order of USAGE_KEYS. */
export const SUBCOMMANDS = [
  'help',
  'status',
  'failover',
  'snapshot',
  'snapshots',
  'expand',
  'restore',
  'promote',
  'drop',
  'jobs',
  'cancel',
  'audit',
  'drill',
  'schedule',
  'schedules',
  'unschedule',
  'incident',
] as const;
export type SubcommandName = (typeof SUBCOMMANDS)[number];

/** A parsed `/pxmysql …` command. */
export type CommandRequest =
  | { subcommand: 'help'; topic: SubcommandName | undefined }
  | { subcommand: 'status'; target: string | undefined }
  | { subcommand: 'failover'; target: string | undefined; force: boolean; keepCordoned: boolean }
  | StorageCommandRequest
  | OperationsCommandRequest
  | DrillCommandRequest
  | ScheduleCommandRequest
  | IncidentCommandRequest;

/** Parses the text after `/pxmysql` into a typed request, or throws a UserInputError with usage. */
export function parseCommand(text: string): CommandRequest {
  const tokens = tokenize(text.trim());
  const [first, ...rest] = tokens;
  if (first === undefined) return { subcommand: 'help', topic: undefined };

  const name = wordOf(first)?.toLowerCase();
  switch (name) {
    case 'help':
      return parseHelp(rest);
    case 'status':
      return parseStatus(rest);
    case 'failover':
      return parseFailover(rest);
    case 'snapshot':
      return parseSnapshot(rest);
    case 'snapshots':
      return parseSnapshots(rest);
    case 'expand':
      return parseExpand(rest);
    case 'restore':
      return parseRestore(rest);
    case 'drop':
      return parseDrop(rest);
    case 'promote':
      return parsePromote(rest);
    case 'jobs':
      return parseJobs(rest);
    case 'cancel':
      return parseCancel(rest);
    case 'audit':
      return parseAudit(rest);
    case 'drill':
      return parseDrill(rest);
    case 'schedule':
      return parseSchedule(rest);
    case 'schedules':
      return parseSchedules(rest);
    case 'unschedule':
      return parseUnschedule(rest);
    case 'incident':
      return parseIncident(rest);
    default:
      throw unknownSubcommand(first, 'unknown subcommand');
  }
}

/** Builds the error for a word that names no subcommand, suggesting the nearest one when it looks like a typo. */
function unknownSubcommand(token: Token, what: string): UserInputError {
  const typed = describeToken(token);
  const suggestion = token.kind === 'word' ? closestSubcommand(token.value, SUBCOMMANDS) : undefined;
  if (suggestion === undefined) return new UserInputError('unknown_subcommand', `${what}: ${typed}`, 'error.unknownSubcommand', { subcommand: typed });
  return new UserInputError('unknown_subcommand', `${what}: ${typed}`, 'error.unknownSubcommandSuggestion', { subcommand: typed, suggestion });
}

function parseHelp(args: Token[]): CommandRequest {
  rejectExtra(args, 1, 'help');
  const topic = args[0] === undefined ? undefined : wordOf(args[0])?.toLowerCase();
  if (args[0] !== undefined && !SUBCOMMANDS.includes(topic as SubcommandName)) {
    throw unknownSubcommand(args[0], 'unknown help topic');
  }
  return { subcommand: 'help', topic: topic as SubcommandName | undefined };
}

function parseStatus(args: Token[]): CommandRequest {
  rejectExtra(args, 1, 'status');
  return { subcommand: 'status', target: args[0] === undefined ? undefined : parseTargetName(args[0], 'status') };
}

function parseFailover(args: Token[]): CommandRequest {
  const { flags, positional } = splitFlags(args, 'failover', { boolean: ['--force', '--keep-cordoned'] });
  rejectExtra(positional, 1, 'failover');
  return {
    subcommand: 'failover',
    target: positional[0] === undefined ? undefined : parseTargetName(positional[0], 'failover'),
    force: flags.has('--force'),
    keepCordoned: flags.has('--keep-cordoned'),
  };
}

