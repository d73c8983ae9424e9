import { PxmysqlError, isPxmysqlError } from '../errors.js';
import type { Logger } from '../logging.js';
import { connectToMysql, describeConnectError, type MysqlConnection, type MysqlConnectionOptions } from './connect.js';

export interface WaitForMysqlOptions {
  /** How long to keep trying, in milliseconds, counted from the call. */
  deadlineMs: number;
  /** Pause between attempts, in milliseconds. */
  intervalMs: number;
  /** Replaces the pause, for tests. Default: a timer. */
  sleep?: (ms: number) => Promise<void>;
  /** Replaces the clock, in milliseconds, for tests. Default: `Date.now`. */
  now?: () => number;
  /** Replaces the connection function, for tests. Default: `connectToMysql`. */
  connect?: (options: MysqlConnectionOptions) => Promise<MysqlConnection>;
  logger?: Logger;
}

/**
 * Connects to MySQL, retrying while the server is not reachable yet: a pod that is starting, or a
 * server doing InnoDB crash recovery, refuses or drops connections for a while. Returns the first
 * connection that succeeds. The caller closes it.
 *
 * Gives up at once on a permanent error (wrong password, missing database), and after `deadlineMs`
 * otherwise, with an error that names host:port, the number of attempts and the last error.
 * Each attempt's connect timeout is cut to the time that is left.
 */
export async function waitForMysql(options: MysqlConnectionOptions, retry: WaitForMysqlOptions): Promise<MysqlConnection> {
  const sleep = retry.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const now = retry.now ?? Date.now;
  const connect = retry.connect ?? ((connectOptions: MysqlConnectionOptions) => connectToMysql(connectOptions));
  const endpoint = `${options.host}:${options.port}`;
  const deadline = now() + retry.deadlineMs;

  let attempts = 0;
  let lastError: unknown;
  for (;;) {
    attempts += 1;
    const remainingMs = Math.max(1, deadline - now());
    try {
      return await connect({ ...options, connectTimeoutMs: Math.min(options.connectTimeoutMs, remainingMs) });
    } catch (error) {
      lastError = error;
      if (isPxmysqlError(error) && !error.retryable) throw error;
      retry.logger?.debug({ host: options.host, port: options.port, attempt: attempts, err: error }, 'MySQL is not reachable yet, retrying');
    }

    if (now() + retry.intervalMs > deadline) break;
    await sleep(retry.intervalMs);
  }

  const message = `MySQL at ${endpoint} did not accept a connection within ${retry.deadlineMs} ms (${attempts} attempts; last error: ${describeConnectError(lastError)})`;
  throw new PxmysqlError('mysql_not_ready', message, { kind: 'retryable', cause: lastError });
}
