import { tmpdir } from 'node:os';
import { createHash } from 'node:crypto';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, rm } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { buildMariadbArguments, type MariadbListen } from './mariadb-arguments.js';
import { readLogTail } from './mariadb-error-log.js';
import { waitForServerReady, type ProbeTarget } from './mariadb-readiness.js';
import { requireBinary } from './require-binary.js';

export { initDataDirectory } from './mariadb-data-directory.js';

export interface MariadbExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** A running `mariadbd` child process. */
export interface MariadbControl {
  pid: number;
  socketPath: string;
  errorLog: string;
  /** Sends SIGTERM and waits for a clean InnoDB shutdown; sends SIGKILL after `stopTimeoutMs`. */
  stop(): Promise<void>;
  /** Sends SIGKILL and waits for the exit, so the next start on this data directory runs InnoDB crash recovery. */
  kill(): Promise<void>;
  /** Settles when the process exits, for whatever reason. */
  exited: Promise<MariadbExit>;
}

export interface MariadbProcess extends MariadbControl {
  host: string;
  port: number;
}

interface CommonStartOptions {
  /** An initialised data directory (see `initDataDirectory`). */
  dataDir: string;
  /** Directory for the Unix socket, the pid file and the error log; created when missing. */
  runDir: string;
  /** Password of root, used by the readiness probe. Empty for a directory fresh from `initDataDirectory`. */
  rootPassword?: string;
  /** Default 30 s, because a start after SIGKILL runs crash recovery first. */
  startTimeoutMs?: number;
  /** Default 30 s. */
  stopTimeoutMs?: number;
}

export interface StartMariadbOptions extends CommonStartOptions {
  /** Address to listen on. Must be in 127.0.0.0/8: the lab gives each pod its own loopback address. */
  host: string;
  port: number;
}

/** Linux limits a Unix socket path to 107 bytes plus the terminating NUL. */
const MAX_SOCKET_PATH_BYTES = 107;
const LOOPBACK_IPV4 = /^127\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/;

/**
 * Starts `mariadbd` on `host:port` with small InnoDB settings and binary logging off, and waits
 * until root can log in over TCP. When the server fails to start, the error contains the tail of
 * its error log and the process is gone.
 */
export async function startMariadb(options: StartMariadbOptions): Promise<MariadbProcess> {
  assertLoopbackAddress(options.host);
  const target = { host: options.host, port: options.port };
  const control = await launch(options, { kind: 'tcp', ...target }, target, `mariadbd on ${options.host}:${options.port}`);
  return { ...control, host: options.host, port: options.port };
}

/**
 * Starts `mariadbd` with `--skip-networking`, reachable only through the Unix socket in `runDir`.
 * Used for the temporary server that sets up a new data directory, so no client can connect to a
 * server whose root password is not set yet.
 */
export async function startSocketOnlyMariadb(options: CommonStartOptions): Promise<MariadbControl> {
  const socketPath = await prepareSocketPath(options.runDir);
  return await launch(options, { kind: 'socket-only' }, { socketPath }, `mariadbd on socket ${socketPath}`);
}

/**
 * Returns the Unix socket path for a server whose files live in `runDir`. Linux limits socket paths
 * to 107 bytes, so when `runDir` is too deep (a lab started in a long working directory) the socket
 * goes into a short folder under the temporary directory, named after a hash of `runDir`.
 */
export async function prepareSocketPath(runDir: string): Promise<string> {
  const inRunDir = join(runDir, 'mariadbd.sock');
  if (Buffer.byteLength(inRunDir) <= MAX_SOCKET_PATH_BYTES) return inRunDir;

  const folder = join(tmpdir(), `pxmysql-${createHash('sha256').update(runDir).digest('hex').slice(0, 16)}`);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const socketPath = join(folder, 'mariadbd.sock');
  if (Buffer.byteLength(socketPath) > MAX_SOCKET_PATH_BYTES) {
    throw new Error(`the socket path ${socketPath} is longer than ${MAX_SOCKET_PATH_BYTES} bytes: set TMPDIR to a shorter directory`);
  }
  return socketPath;
}

async function launch(options: CommonStartOptions, listen: MariadbListen, target: ProbeTarget, label: string): Promise<MariadbControl> {
  const binary = requireBinary('mariadbd', 'mariadb-server');
  await mkdir(options.runDir, { recursive: true });
  const paths = {
    dataDir: options.dataDir,
    socketPath: await prepareSocketPath(options.runDir),
    pidFile: join(options.runDir, 'mariadbd.pid'),
    errorLog: join(options.runDir, 'error.log'),
    tmpDir: join(options.runDir, 'tmp'),
  };
  await mkdir(paths.tmpDir, { recursive: true });

  const child = spawn(binary, buildMariadbArguments(paths, listen), { stdio: 'ignore' });
  const exited = new Promise<MariadbExit>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  const spawned = new Promise<void>((resolve, reject) => {
    child.once('spawn', resolve);
    child.once('error', reject);
  });
  await spawned;
  trackUntilExit(child, exited);
  // A socket moved out of a deep run directory lives in a folder of its own: remove it on exit.
  if (dirname(paths.socketPath) !== options.runDir) {
    void exited.then(() => rm(dirname(paths.socketPath), { recursive: true, force: true }).catch(() => undefined));
  }

  try {
    await waitForServerReady({ target, rootPassword: options.rootPassword ?? '', timeoutMs: options.startTimeoutMs ?? 30_000, exited, label });
  } catch (error) {
    await signalAndWait(child, exited, 'SIGKILL');
    const tail = await readLogTail(paths.errorLog);
    throw new Error(`${(error as Error).message}. Last lines of ${paths.errorLog}:\n${tail}`, { cause: error });
  }

  const stopTimeoutMs = options.stopTimeoutMs ?? 30_000;
  return {
    pid: child.pid ?? -1,
    socketPath: paths.socketPath,
    errorLog: paths.errorLog,
    exited,
    stop: async () => {
      const timer = setTimeout(() => child.kill('SIGKILL'), stopTimeoutMs);
      await signalAndWait(child, exited, 'SIGTERM');
      clearTimeout(timer);
    },
    kill: async () => {
      await signalAndWait(child, exited, 'SIGKILL');
    },
  };
}

async function signalAndWait(child: ChildProcess, exited: Promise<MariadbExit>, signal: NodeJS.Signals): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) child.kill(signal);
  await exited;
}

function assertLoopbackAddress(host: string): void {
  const match = LOOPBACK_IPV4.exec(host);
  const octetsValid = match !== null && match.slice(1).every((octet) => Number(octet) <= 255);
  if (!octetsValid) throw new Error(`invalid host ${JSON.stringify(host)} for mariadbd: use an IPv4 loopback address such as 127.0.0.1 (127.0.0.0/8)`);
}

const liveChildren = new Set<ChildProcess>();
let exitHookInstalled = false;

/**
 * Remembers a server until it exits, and kills the remaining ones when this Node.js process exits
 * normally, so no server keeps its port. NOTE: a SIGKILL of this process still leaves them running.
 */
function trackUntilExit(child: ChildProcess, exited: Promise<MariadbExit>): void {
  liveChildren.add(child);
  void exited.then(() => liveChildren.delete(child));
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', () => {
    for (const running of liveChildren) running.kill('SIGKILL');
  });
}
