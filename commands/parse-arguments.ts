import { UserInputError } from '../src/errors.js';
import type { SubcommandName } from './parse-command.js';
import type { Token } from './tokenize.js';

const TARGET_NAME = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/;

/**
 * Separates `--flag` words (and the value after a valued flag) from positional arguments. An
 * unknown flag, or a valued flag without its value, is rejected with usage.
 */
export function splitFlags(
  args: Token[],
  subcommand: SubcommandName,
  accepted: { boolean?: readonly string[]; valued?: readonly string[] },
): { flags: Set<string>; values: Map<string, Token>; positional: Token[] } {
  const flags = new Set<string>();
  const values = new Map<string, Token>();
  const positional: Token[] = [];
  for (let index = 0; index < args.length; index += 1) {
    const token = args[index] as Token;
    const word = wordOf(token);
    // Slack clients turn "--" into an em dash; accept it as the two hyphens the user typed.
    const normalized = word?.replace(/^[\u2014\u2013]/, '--').toLowerCase();
    if (normalized === undefined || !normalized.startsWith('-')) {
      positional.push(token);
      continue;
    }
    if (accepted.valued?.includes(normalized)) {
      const value = args[index + 1];
      if (value === undefined) throw new UserInputError('missing_flag_value', `${word} needs a value`, 'error.missingFlagValue', { flag: word as string, subcommand });
      values.set(normalized, value);
      index += 1;
      continue;
    }
    if (!accepted.boolean?.includes(normalized)) {
      throw new UserInputError('unknown_flag', `unknown flag for ${subcommand}: ${word}`, 'error.unknownFlag', { flag: word as string, subcommand });
    }
    flags.add(normalized);
  }
  return { flags, values, positional };
}

/** Rejects a `--flag` word where a subcommand takes a plain argument, so a typo reads as a flag, not as a name. */
export function rejectFlag(token: Token, subcommand: SubcommandName): void {
  const word = wordOf(token);
  if (word === undefined || !/^(--|[\u2014\u2013])/.test(word)) return;
  throw new UserInputError('unknown_flag', `unknown flag for ${subcommand}: ${word}`, 'error.unknownFlag', { flag: word, subcommand });
}

/** Validates a target name argument; the router checks that the target exists. */
export function parseTargetName(token: Token, subcommand: SubcommandName): string {
  rejectFlag(token, subcommand);
  const value = wordOf(token);
  if (value === undefined || !TARGET_NAME.test(value)) {
    throw new UserInputError('invalid_argument', `invalid target name: ${describeToken(token)}`, 'error.invalidTarget', {
      argument: describeToken(token),
      subcommand,
    });
  }
  return value;
}

export function rejectExtra(args: Token[], allowed: number, subcommand: SubcommandName): void {
  const extra = args[allowed];
  if (extra !== undefined) {
    throw new UserInputError('unexpected_argument', `unexpected argument for ${subcommand}: ${describeToken(extra)}`, 'error.unexpectedArgument', {
      argument: describeToken(extra),
      subcommand,
    });
  }
}

export function wordOf(token: Token): string | undefined {
  return token.kind === 'word' ? token.value : undefined;
}

/** Formats a token for an error message: ids, never display names. */
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
