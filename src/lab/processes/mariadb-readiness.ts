import mysql from 'mysql2/promise';

/** Address of the server for the readiness probe: TCP host and port, or the Unix socket. */
export type ProbeTarget = { host: string; port: number } | { socketPath: string };

export interface WaitForServerOptions {
  target: ProbeTarget;
  rootPassword: string;
  timeoutMs: number;
  /** Settles when the server process exits; a server that exits is never going to be ready. */
  exited: Promise<unknown>;
  /** Describes the server in errors, for example `mariadbd on 127.0.0.1:3306`. */
  label: string;
}

const PROBE_INTERVAL_MS = 25;
const ACCESS_DENIED_CODES = new Set(['ER_ACCESS_DENIED_ERROR', 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR']);

/**
 * Waits until root can log in and run `SELECT 1`. Throws when the process exits first, when the
 * timeout passes, or at once when the server rejects the root password, because waiting cannot
 * fix a wrong password.
 */
export async function waitForServerReady(options: WaitForServerOptions): Promise<void> {
  let hasExited = false;
  void options.exited.then(() => {
    hasExited = true;
  });

  const deadline = Date.now() + options.timeoutMs;
  let lastError = 'no connection attempt finished';
  while (Date.now() < deadline) {
    if (hasExited) throw new Error(`${options.label} exited before accepting connections`);
    try {
      await probeOnce(options.target, options.rootPassword);
      return;
    } catch (error) {
      const code = (error as { code?: string }).code;
      if (code !== undefined && ACCESS_DENIED_CODES.has(code)) {
        throw new Error(`${options.label} rejected the root login: pass the root password that this data directory was initialised with`, {
          cause: error,
        });
      }
      lastError = (error as Error).message;
    }
    await new Promise((resolve) => setTimeout(resolve, PROBE_INTERVAL_MS));
  }
  if (hasExited) throw new Error(`${options.label} exited before accepting connections`);
  throw new Error(`${options.label} did not accept connections within ${options.timeoutMs} ms (last error: ${lastError})`);
}

async function probeOnce(target: ProbeTarget, rootPassword: string): Promise<void> {
  const connection = await mysql.createConnection({ ...target, user: 'root', password: rootPassword, connectTimeout: 1_000 });
  try {
    await connection.query('SELECT 1');
  } finally {
    connection.destroy();
  }
}
