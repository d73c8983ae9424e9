import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** Root of the repository, where `bin/pxmysql.js` and `tsconfig.build.json` live. */
const REPOSITORY_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** How a child process ended: an exit code, or the signal that killed it. */
export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A `pxmysql worker` child process with its output kept in memory. */
export interface WorkerProcess {
  /** Name used in diagnostics, for example `crash after verify`. */
  label: string;
  pid: number;
  /** Resolves when the process has exited. */
  exited: Promise<ProcessExit>;
  /** The exit once it happened, else undefined. */
  exit(): ProcessExit | undefined;
  /** Returns the last `lines` lines of stdout and stderr, in arrival order, each prefixed with its stream. */
  tail(lines?: number): string;
  /**
   * Waits for the process to exit and returns how it ended. Throws with the output tail when it is
   * still running after `timeoutMs`.
   */
  waitForExit(timeoutMs: number): Promise<ProcessExit>;
  /** Sends SIGTERM and waits up to `timeoutMs`, then sends SIGKILL to this process id. Resolves with the exit. */
  stop(timeoutMs?: number): Promise<ProcessExit>;
}

/**
 * Compiles the product into dist/ with `npx tsc -p tsconfig.build.json`, because `bin/pxmysql.js`
 * runs the compiled code. Throws with the compiler output when it fails.
 */
export async function buildProduct(): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    execFile('npx', ['tsc', '-p', 'tsconfig.build.json'], { cwd: REPOSITORY_ROOT, timeout: 180_000, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error === null) resolve();
      else reject(new Error(`npx tsc -p tsconfig.build.json failed (${error.message.split('\n')[0]}):\n${stdout}${stderr}`));
    });
  });
}

/**
 * Starts `node bin/pxmysql.js worker` with `env` on top of PATH and HOME only, so that no variable
 * of the test process (a crash hook, another queue) leaks into the worker.
 */
export function startWorkerProcess(label: string, env: Record<string, string>): WorkerProcess {
  const child: ChildProcess = spawn(process.execPath, ['bin/pxmysql.js', 'worker'], {
    cwd: REPOSITORY_ROOT,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (child.pid === undefined) throw new Error(`cannot start the ${label} worker: spawn returned no process id`);
  const pid = child.pid;

  const lines: string[] = [];
  const collect = (stream: 'stdout' | 'stderr') => {
    let partial = '';
    return (chunk: Buffer) => {
      const parts = (partial + chunk.toString()).split('\n');
      partial = parts.pop() ?? '';
      for (const line of parts) if (line.trim() !== '') lines.push(`[${stream}] ${line}`);
    };
  };
  child.stdout?.on('data', collect('stdout'));
  child.stderr?.on('data', collect('stderr'));

  let exit: ProcessExit | undefined;
  // 'close' comes after 'exit' once stdout and stderr are drained, so the tail is complete.
  const exited = new Promise<ProcessExit>((resolve) => {
    child.once('close', (code, signal) => {
      exit = { code, signal };
      resolve(exit);
    });
    child.once('error', (error) => {
      lines.push(`[spawn] ${error.message}`);
      exit = { code: null, signal: null };
      resolve(exit);
    });
  });

  const tail = (count = 40) => lines.slice(-count).join('\n');
  const waitForExit = async (timeoutMs: number): Promise<ProcessExit> => {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`the ${label} worker (pid ${pid}) was still running after ${timeoutMs} ms; its last output:\n${tail()}`)), timeoutMs);
    });
    try {
      return await Promise.race([exited, timeout]);
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    label,
    pid,
    exited,
    exit: () => exit,
    tail,
    waitForExit,
    stop: async (timeoutMs = 10_000) => {
      if (exit !== undefined) return exit;
      child.kill('SIGTERM');
      try {
        return await waitForExit(timeoutMs);
      } catch {
        lines.push(`[test] no exit ${timeoutMs} ms after SIGTERM; sending SIGKILL to pid ${pid}`);
        child.kill('SIGKILL');
        return await exited;
      }
    },
  };
}
