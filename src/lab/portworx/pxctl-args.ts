/**
 * Command-line parsing for the lab's `pxctl` in the style of Go's pflag/cobra, whose flag syntax
 * newer pxctl help output shows: `--flag value`, `--flag=value`, `-f value`, boolean flags
 * without a value, and errors such as `unknown flag: --x` printed after `Error: `.
 */

export interface FlagSpec {
  /** Long name without dashes, e.g. `size`. */
  name: string;
  /** One-letter shorthand without the dash, e.g. `s`. */
  shorthand?: string;
  /** Whether the flag takes a value; boolean flags do not. */
  takesValue: boolean;
}

export interface ParsedCommandLine {
  positionals: string[];
  /** Flag values by long name; boolean flags map to `'true'`. */
  flags: Map<string, string>;
}

/** Flags every command accepts, as the real tool's persistent flags. */
export const GLOBAL_FLAGS: FlagSpec[] = [
  { name: 'json', shorthand: 'j', takesValue: false },
  { name: 'help', shorthand: 'h', takesValue: false },
];

/** A usage error: printed to stderr as `Error: <message>` with exit code 1. */
export class PxctlUsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PxctlUsageError';
  }
}

/** Parses flags and positional arguments against the flags one command accepts. */
export function parseCommandLine(tokens: string[], specs: FlagSpec[]): ParsedCommandLine {
  const allSpecs = [...GLOBAL_FLAGS, ...specs];
  const positionals: string[] = [];
  const flags = new Map<string, string>();

  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] ?? '';
    if (token === '--') {
      positionals.push(...tokens.slice(index + 1));
      break;
    }
    if (!token.startsWith('-') || token === '-') {
      positionals.push(token);
      continue;
    }

    const { spec, inlineValue, display } = lookUpFlag(token, allSpecs);
    if (!spec.takesValue) {
      if (inlineValue !== undefined && inlineValue !== 'true' && inlineValue !== 'false') {
        throw new PxctlUsageError(`invalid argument "${inlineValue}" for "${display}" flag`);
      }
      flags.set(spec.name, inlineValue ?? 'true');
      continue;
    }
    if (inlineValue !== undefined) {
      flags.set(spec.name, inlineValue);
      continue;
    }
    const next = tokens[index + 1];
    if (next === undefined) throw new PxctlUsageError(`flag needs an argument: ${display}`);
    flags.set(spec.name, next);
    index += 1;
  }

  return { positionals, flags };
}

/** Returns whether a boolean flag was given (and not set to false). */
export function hasFlag(parsed: ParsedCommandLine, name: string): boolean {
  const value = parsed.flags.get(name);
  return value !== undefined && value !== 'false';
}

function lookUpFlag(token: string, specs: FlagSpec[]): { spec: FlagSpec; inlineValue: string | undefined; display: string } {
  const equals = token.indexOf('=');
  const namePart = equals === -1 ? token : token.slice(0, equals);
  const inlineValue = equals === -1 ? undefined : token.slice(equals + 1);

  if (namePart.startsWith('--')) {
    const name = namePart.slice(2);
    const spec = specs.find((candidate) => candidate.name === name);
    if (!spec) throw new PxctlUsageError(`unknown flag: ${namePart}`);
    return { spec, inlineValue, display: namePart };
  }

  const shorthand = namePart.slice(1);
  const spec = specs.find((candidate) => candidate.shorthand === shorthand);
  if (!spec) throw new PxctlUsageError(`unknown shorthand flag: '${shorthand.charAt(0)}' in ${namePart}`);
  return { spec, inlineValue, display: `-${shorthand}, --${spec.name}` };
}
