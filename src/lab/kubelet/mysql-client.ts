import { spawn } from 'node:child_process';
import { once } from 'node:events';
import type { ExecStreams } from '../apiserver/exec.js';
import { requireBinary } from '../processes/require-binary.js';
import { exitCodeOf } from './pod-record.js';

/** Options that the MySQL client reads only as its first argument, so a caller's one stays first. */
const LEADING_OPTIONS = ['--no-defaults', '--defaults-file=', '--defaults-extra-file=', '--print-defaults', '--defaults-group-suffix='];

export interface ClientTarget {
  host: string;
  port: number;
  /** HOME of the client, so a history file it writes never lands in the user's home. */
  home: string;
}

/**
 * Builds the client's argv: `--no-defaults` first (unless the caller gave a defaults option
 * there, which the client reads only in that place), the caller's arguments, then the pod's
 * address. The address comes last because the client takes the last value of an option, so a
 * `-h localhost` in the caller's arguments still reaches the pod and never the machine's server.
 */
export function buildClientArguments(args: readonly string[], target: ClientTarget): string[] {
  const address = [`--host=${target.host}`, `--port=${target.port}`, '--protocol=TCP'];
  const first = args[0] ?? '';
  const leading = LEADING_OPTIONS.some((option) => first === option || (option.endsWith('=') && first.startsWith(option))) ? [] : ['--no-defaults'];
  const endOfOptions = args.indexOf('--');
  if (endOfOptions === -1) return [...leading, ...args, ...address];
  return [...leading, ...args.slice(0, endOfOptions), ...address, ...args.slice(endOfOptions)];
}

/**
 * Runs the machine's `mariadb` client (Debian package mariadb-client) against a pod's server,
 * with the exec request's stdin piped in and its stdout and stderr streamed back. Returns the
 * client's exit code. An aborted exec kills the client. The client runs in its own session, so
 * a password prompt (`-p` without a value) can never read the lab's terminal.
 * NOTE: a TTY (`kubectl exec -it`) is not emulated, so the client always runs in batch mode.
 */
export async function runMysqlClient(args: readonly string[], target: ClientTarget, streams: ExecStreams, signal: AbortSignal): Promise<{ exitCode: number }> {
  let binary: string;
  try {
    binary = requireBinary('mariadb', 'mariadb-client');
  } catch (error) {
    streams.stderr(`${(error as Error).message}\n`);
    return { exitCode: 127 };
  }

  const child = spawn(binary, buildClientArguments(args, target), {
    stdio: [streams.stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'],
    detached: true,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: target.home, LANG: 'C.UTF-8' },
  });
  const closed = once(child, 'close') as Promise<[number | null, NodeJS.Signals | null]>;
  child.stdout?.on('data', (chunk: Buffer) => streams.stdout(chunk));
  child.stderr?.on('data', (chunk: Buffer) => streams.stderr(chunk));
  const abort = (): void => {
    child.kill('SIGKILL');
  };
  signal.addEventListener('abort', abort, { once: true });

  try {
    if (streams.stdin && child.stdin) void forwardStdin(streams.stdin, child.stdin);
    const [code, exitSignal] = await closed;
    return { exitCode: exitCodeOf({ code, signal: exitSignal }) };
  } finally {
    signal.removeEventListener('abort', abort);
  }
}

/** Copies the exec's stdin into the client, honouring back-pressure, and closes it at the end. */
async function forwardStdin(source: AsyncIterable<Buffer>, target: NodeJS.WritableStream & { destroyed: boolean }): Promise<void> {
  // The client may exit before it has read everything (an SQL error stops a batch); that is not an error here.
  target.on('error', () => undefined);
  try {
    for await (const chunk of source) {
      if (target.destroyed) return;
      if (!target.write(chunk)) await Promise.race([once(target, 'drain'), once(target, 'close')]);
    }
  } finally {
    if (!target.destroyed) target.end();
  }
}
