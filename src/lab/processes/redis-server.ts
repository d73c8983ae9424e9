import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { createConnection } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findFreePort } from './free-port.js';
import { requireBinary } from './require-binary.js';

export interface RedisProcess {
  url: string;
  host: string;
  port: number;
  stop(): Promise<void>;
}

export interface StartRedisOptions {
  host?: string;
  port?: number;
  /** Directory for the server's files; a temporary one is created (and removed on stop) if absent. */
  directory?: string;
  startTimeoutMs?: number;
}

/** Starts a private `redis-server` on loopback with persistence off, and waits until it answers PING. */
export async function startRedisServer(options: StartRedisOptions = {}): Promise<RedisProcess> {
  const binary = requireBinary('redis-server', 'redis-server');
  const host = options.host ?? '127.0.0.1';
  const port = options.port ?? (await findFreePort(host));
  const ownsDirectory = options.directory === undefined;
  const directory = options.directory ?? (await mkdtemp(join(tmpdir(), 'pxmysql-redis-')));

  const child = spawn(
    binary,
    ['--port', String(port), '--bind', host, '--save', '', '--appendonly', 'no', '--dir', directory, '--logfile', join(directory, 'redis.log')],
    { stdio: 'ignore' },
  );
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));

  try {
    await waitForPing(host, port, options.startTimeoutMs ?? 10_000, exited);
  } catch (error) {
    child.kill('SIGKILL');
    if (ownsDirectory) await rm(directory, { recursive: true, force: true });
    throw error;
  }

  return {
    url: `redis://${host}:${port}`,
    host,
    port,
    stop: async () => {
      await stopChild(child, exited);
      if (ownsDirectory) await rm(directory, { recursive: true, force: true });
    },
  };
}

async function stopChild(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

async function waitForPing(host: string, port: number, timeoutMs: number, exited: Promise<number | null>): Promise<void> {
  let processExit: number | null | undefined;
  void exited.then((code) => {
    processExit = code;
  });
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (processExit !== undefined) throw new Error(`redis-server exited with code ${processExit} before answering on ${host}:${port}`);
    if (await pingOnce(host, port)) return;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`redis-server did not answer PING on ${host}:${port} within ${timeoutMs} ms`);
}

function pingOnce(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = createConnection({ host, port });
    const finish = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.once('error', () => finish(false));
    socket.once('connect', () => socket.write('PING\r\n'));
    socket.once('data', (chunk) => finish(chunk.toString().startsWith('+PONG')));
    socket.setTimeout(500, () => finish(false));
  });
}
