import { UserInputError } from '../src/errors.js';
import { describeToken, parseTargetName, rejectExtra, rejectFlag, splitFlags, wordOf } from './parse-arguments.js';
import type { SubcommandName } from './parse-command.js';
import type { Token } from './tokenize.js';

/** Parsed snapshot, snapshots, expand, restore and drop commands. */
export type StorageCommandRequest =
  /** `[target] [name]`: with one word, the router decides whether it names a target or the snapshot. */
  | { subcommand: 'snapshot'; words: string[] }
  | { subcommand: 'snapshots'; target: string | undefined }
  | { subcommand: 'expand'; target: string | undefined; size: string }
  | { subcommand: 'restore'; target: string | undefined; snapshot: string; restoreName: string | undefined; promote: boolean }
  | { subcommand: 'drop'; target: string | undefined; database: string }
  | { subcommand: 'promote'; target: string | undefined; restoreName: string };

export function parseSnapshot(args: Token[]): StorageCommandRequest {
  rejectExtra(args, 2, 'snapshot');
  return { subcommand: 'snapshot', words: args.map((token) => plainWord(token, 'snapshot')) };
}

export function parseSnapshots(args: Token[]): StorageCommandRequest {
  rejectExtra(args, 1, 'snapshots');
  return { subcommand: 'snapshots', target: args[0] === undefined ? undefined : parseTargetName(args[0], 'snapshots') };
}

export function parseExpand(args: Token[]): StorageCommandRequest {
  const { target, last } = targetAndLast(args, 'expand');
  return { subcommand: 'expand', target, size: last };
}

export function parseRestore(args: Token[]): StorageCommandRequest {
  const { flags, values, positional } = splitFlags(args, 'restore', { boolean: ['--promote'], valued: ['--as'] });
  const { target, last } = targetAndLast(positional, 'restore');
  const as = values.get('--as');
  return {
    subcommand: 'restore',
    target,
    snapshot: last,
    restoreName: as === undefined ? undefined : plainWord(as, 'restore'),
    promote: flags.has('--promote'),
  };
}

export function parseDrop(args: Token[]): StorageCommandRequest {
  const { target, last } = targetAndLast(args, 'drop');
  return { subcommand: 'drop', target, database: last };
}

export function parsePromote(args: Token[]): StorageCommandRequest {
  const { target, last } = targetAndLast(args, 'promote');
  return { subcommand: 'promote', target, restoreName: last };
}

/** Reads `[target] <value>`: one required value, optionally preceded by a target name. */
function targetAndLast(args: Token[], subcommand: SubcommandName): { target: string | undefined; last: string } {
  rejectExtra(args, 2, subcommand);
  const last = args.at(-1);
  if (last === undefined) {
    throw new UserInputError('missing_argument', `${subcommand} needs an argument`, 'error.missingArgument', { subcommand });
  }
  const first = args.length === 2 ? args[0] : undefined;
  return { target: first === undefined ? undefined : parseTargetName(first, subcommand), last: plainWord(last, subcommand) };
}

function plainWord(token: Token, subcommand: SubcommandName): string {
  rejectFlag(token, subcommand);
  const word = wordOf(token);
  if (word === undefined) {
    throw new UserInputError('invalid_argument', `unexpected mention: ${describeToken(token)}`, 'error.unexpectedArgument', {
      argument: describeToken(token),
      subcommand,
    });
  }
  return word;
}
