import { UserInputError } from '../src/errors.js';
import { tokenize, type Token } from './tokenize.js';

export type SubcommandName = 'help' | 'status' | 'failover';
export const SUBCOMMANDS: readonly SubcommandName[] = ['help', 'status', 'failover'];

/** A parsed `/pxmysql …` command. */
export type CommandRequest =
  | { subcommand: 'help'; topic: SubcommandName | undefined }
  | { subcommand: 'status'; target: string | undefined }
  | { subcommand: 'failover'; target: string | undefined; force: boolean; keepCordoned: boolean };

/** Flags each subcommand accepts. */
const FLAGS: Partial<Record<SubcommandName, readonly string[]>> = {
  failover: ['--force', '--keep-cordoned'],
};

const TARGET_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

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
  const { flags, positional } = splitFlags(args, 'failover');
  rejectExtra(positional, 1, 'failover');
  return {
    subcommand: 'failover',
    target: positional[0] === undefined ? undefined : parseTargetName(positional[0], 'failover'),
    force: flags.has('--force'),
    keepCordoned: flags.has('--keep-cordoned'),
  };
}

/** Separates `--flag` words from positional arguments; an unknown flag is rejected with usage. */
function splitFlags(args: Token[], subcommand: SubcommandName): { flags: Set<string>; positional: Token[] } {
  const flags = new Set<string>();
  const positional: Token[] = [];
  for (const token of args) {
    const word = wordOf(token);
    // Slack clients turn "--" into an em dash; accept it as the two hyphens the user typed.
    const normalized = word?.replace(/^[\u2014\u2013]/, '--').toLowerCase();
    if (normalized === undefined || !normalized.startsWith('-')) {
      positional.push(token);
      continue;
    }
    if (!(FLAGS[subcommand] ?? []).includes(normalized)) {
      throw new UserInputError('unknown_flag', `unknown flag for ${subcommand}: ${word}`, 'error.unknownFlag', { flag: word as string, subcommand });
    }
    flags.add(normalized);
  }
  return { flags, positional };
}

/** Validates a target name argument; the router checks that the target exists. */
function parseTargetName(token: Token, subcommand: SubcommandName): string {
  const value = wordOf(token);
  if (value === undefined || !TARGET_NAME.test(value)) {
    throw new UserInputError('invalid_argument', `invalid target name: ${describeToken(token)}`, 'error.invalidTarget', {
      argument: describeToken(token),
      subcommand,
    });
  }
  return value;
}

function rejectExtra(args: Token[], allowed: number, subcommand: SubcommandName): void {
  const extra = args[allowed];
  if (extra !== undefined) {
    throw new UserInputError('unexpected_argument', `unexpected argument for ${subcommand}: ${describeToken(extra)}`, 'error.unexpectedArgument', {
      argument: describeToken(extra),
      subcommand,
    });
  }
}

function wordOf(token: Token): string | undefined {
  return token.kind === 'word' ? token.value : undefined;
}

/** How a token is shown back to the user in an error: ids, never display names. */
export function describeToken(token: Token): string {
  switch (token.kind) {
    case 'word':
      return token.value;
    case 'user':
      return `<@${token.id}>`;
    case 'channel':
      return `<#${token.id}>`;
    case 'usergroup':
      return `<!subteam^${token.id}>`;
  }
}
