import { UserInputError } from '../src/errors.js';
import { describeToken, parseTargetName, rejectExtra, splitFlags, wordOf } from './parse-arguments.js';
import { parseDrop, parseExpand, parsePromote, parseRestore, parseSnapshot, parseSnapshots, type StorageCommandRequest } from './parse-storage-commands.js';
import { tokenize, type Token } from './tokenize.js';

export { describeToken } from './parse-arguments.js';

export type SubcommandName = 'help' | 'status' | 'failover' | 'snapshot' | 'snapshots' | 'expand' | 'restore' | 'promote' | 'drop';
export const SUBCOMMANDS: readonly SubcommandName[] = ['help', 'status', 'failover', 'snapshot', 'snapshots', 'expand', 'restore', 'promote', 'drop'];

/** A parsed `/pxmysql …` command. */
export type CommandRequest =
  | { subcommand: 'help'; topic: SubcommandName | undefined }
  | { subcommand: 'status'; target: string | undefined }
  | { subcommand: 'failover'; target: string | undefined; force: boolean; keepCordoned: boolean }
  | StorageCommandRequest;

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
    default:
      throw new UserInputError('unknown_subcommand', `unknown subcommand: ${describeToken(first)}`, 'error.unknownSubcommand', {
        subcommand: describeToken(first),
      });
  }
}

function parseHelp(args: Token[]): CommandRequest {
  rejectExtra(args, 1, 'help');
  const topic = args[0] === undefined ? undefined : wordOf(args[0])?.toLowerCase();
  if (args[0] !== undefined && !SUBCOMMANDS.includes(topic as SubcommandName)) {
    throw new UserInputError('unknown_subcommand', `unknown help topic: ${describeToken(args[0])}`, 'error.unknownSubcommand', {
      subcommand: describeToken(args[0]),
    });
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

