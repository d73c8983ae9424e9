import { UserInputError } from '../src/errors.js';
import { tokenize, type Token } from './tokenize.js';

export type SubcommandName = 'help' | 'status';
export const SUBCOMMANDS: readonly SubcommandName[] = ['help', 'status'];

/** A parsed `/pxmysql …` command. */
export type CommandRequest =
  | { subcommand: 'help'; topic: SubcommandName | undefined }
  | { subcommand: 'status'; target: string | undefined };

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
