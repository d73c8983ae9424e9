import type { PortworxClusterState } from './cluster-state.js';
import { GLOBAL_FLAGS, PxctlUsageError, hasFlag, parseCommandLine, type FlagSpec, type ParsedCommandLine } from './pxctl-args.js';
import { failure, success, type PxctlResult } from './pxctl-result.js';
import { runStatus } from './pxctl-status.js';
import { runVolumeInspect } from './pxctl-volume-inspect.js';
import { runVolumeList } from './pxctl-volume-list.js';
import { runVolumeHaUpdate, runVolumeUpdate } from './pxctl-volume-update.js';

interface CommandContext {
  nodeName: string;
  now: Date;
}

interface CommandDefinition {
  /** Command path as printed in usage, e.g. `volume inspect`. */
  path: string;
  aliases: string[];
  usage: string;
  flags: FlagSpec[];
  run: (parsed: ParsedCommandLine, state: PortworxClusterState, context: CommandContext) => PxctlResult;
}

const STATUS_COMMAND: CommandDefinition = {
  path: 'status',
  aliases: [],
  usage: 'pxctl status',
  flags: [],
  run: runStatus,
};

const VOLUME_COMMANDS: CommandDefinition[] = [
  {
    path: 'volume list',
    aliases: ['list', 'l'],
    usage: 'pxctl volume list [--label name=value[,name=value]] [--name NAME] [--all | --snapshot] [-j]',
    flags: [
      { name: 'label', shorthand: 'l', takesValue: true },
      { name: 'name', takesValue: true },
      { name: 'all', shorthand: 'a', takesValue: false },
      { name: 'snapshot', shorthand: 's', takesValue: false },
    ],
    run: runVolumeList,
  },
  {
    path: 'volume inspect',
    aliases: ['inspect', 'i'],
    usage: 'pxctl volume inspect [-j] <volume name or ID> [...]',
    flags: [],
    run: runVolumeInspect,
  },
  {
    path: 'volume update',
    aliases: ['update'],
    usage: 'pxctl volume update --size=<GiB> <volume name or ID>',
    flags: [{ name: 'size', shorthand: 's', takesValue: true }],
    run: runVolumeUpdate,
  },
  {
    path: 'volume ha-update',
    aliases: ['ha-update'],
    usage: 'pxctl volume ha-update --repl <1-3> [--node <node ID, IP or name>] <volume name or ID>',
    flags: [
      { name: 'repl', shorthand: 'r', takesValue: true },
      { name: 'node', shorthand: 'n', takesValue: true },
    ],
    run: runVolumeHaUpdate,
  },
];

const TOP_USAGE = [
  'Usage:',
  '  pxctl [command]',
  '',
  'Available commands in the pxmysql lab:',
  '  status      Show the status of this node and the cluster',
  '  volume, v   Manage volumes: list (l), inspect (i), update, ha-update',
  '',
  'Flags:',
  '  -j, --json   print JSON',
  '  -h, --help   help for pxctl',
  '',
].join('\n');

const VOLUME_USAGE = ['Usage:', ...VOLUME_COMMANDS.map((command) => `  ${command.usage}`), ''].join('\n');

/**
 * Runs the lab's `pxctl` with `args` (the words after `pxctl`) against the simulated cluster, as
 * the portworx pod on `context.nodeName` would. Usage errors, unknown commands and unknown volumes
 * go to stderr with exit code 1, like the real tool. Any other error is caught and reported on
 * stderr with exit code 2, so the exec endpoint always gets a result.
 */
export function runPxctl(
  args: string[],
  state: PortworxClusterState,
  context: { nodeName: string; now?: Date },
): { stdout: string; stderr: string; exitCode: number } {
  const commandContext: CommandContext = { nodeName: context.nodeName, now: context.now ?? new Date() };
  try {
    return dispatch(args, state, commandContext);
  } catch (error) {
    if (error instanceof PxctlUsageError) return failure(`Error: ${error.message}`);
    const message = error instanceof Error ? error.message : String(error);
    return { stdout: '', stderr: `Error: internal error in the lab pxctl: ${message}\n`, exitCode: 2 };
  }
}

function dispatch(args: string[], state: PortworxClusterState, context: CommandContext): PxctlResult {
  const { leadingFlags, word, rest } = splitCommandWord(args);
  if (word === undefined) return success(TOP_USAGE);
  if (word === 'status') return runCommand(STATUS_COMMAND, [...leadingFlags, ...rest], state, context);
  if (word !== 'volume' && word !== 'v') {
    return failure(`Error: unknown command "${word}" for "pxctl"\nRun 'pxctl --help' for usage.`);
  }

  const sub = splitCommandWord(rest);
  if (sub.word === undefined) return success(VOLUME_USAGE);
  const command = VOLUME_COMMANDS.find((candidate) => candidate.aliases.includes(sub.word ?? ''));
  if (!command) {
    return failure(`Error: unknown command "${sub.word}" for "pxctl volume"\nRun 'pxctl volume --help' for usage.`);
  }
  return runCommand(command, [...leadingFlags, ...sub.leadingFlags, ...sub.rest], state, context);
}

function runCommand(
  command: CommandDefinition,
  tokens: string[],
  state: PortworxClusterState,
  context: CommandContext,
): PxctlResult {
  const parsed = parseCommandLine(tokens, command.flags);
  if (hasFlag(parsed, 'help')) return success(`Usage:\n  ${command.usage}\n`);
  return command.run(parsed, state, context);
}

/**
 * Splits off the first command word. Only global flags may come before it (`pxctl -j v i x`),
 * because a flag that takes a value would make the next token ambiguous.
 */
function splitCommandWord(tokens: string[]): { leadingFlags: string[]; word: string | undefined; rest: string[] } {
  const leadingFlags: string[] = [];
  for (let index = 0; index < tokens.length; index += 1) {
    const token = tokens[index] ?? '';
    if (!token.startsWith('-')) return { leadingFlags, word: token, rest: tokens.slice(index + 1) };
    parseCommandLine([token], []);
    leadingFlags.push(token);
  }
  return { leadingFlags, word: undefined, rest: [] };
}
