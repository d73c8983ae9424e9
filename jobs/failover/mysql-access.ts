import { PxmysqlError } from '../../src/errors.js';
import { readSecretValue } from '../../src/kube/read-secret-value.js';
import { connectToMysql, type MysqlConnection, type MysqlConnectionOptions } from '../../src/mysql/connect.js';
import { waitForMysql } from '../../src/mysql/retry-connect.js';
import type { FailoverRuntime } from './failover-context.js';
import type { PodPlacement } from './failover-data.js';

/**
 * Connects to MySQL in a pod, at its pod IP and container port, as root with the password from
 * the target's Secret. The password is read for each connection and never stored or logged.
 * With `wait`, retries until `mysqlReadyDeadlineMs`, as a server in crash recovery refuses connections for a while.
 */
export async function connectToPodMysql(runtime: FailoverRuntime, pod: PodPlacement, port: number, mode: 'once' | 'wait'): Promise<MysqlConnection> {
  if (pod.ip === undefined) {
    throw new PxmysqlError('mysql_connect_failed', `pod ${pod.name} has no pod IP, so MySQL in it cannot be reached`, { kind: 'retryable' });
  }
  const { target, logger } = runtime.context;
  const secret = target.rootPasswordSecret;
  const password = await readSecretValue(runtime.core, target.namespace, secret.name, secret.key);
  const options: MysqlConnectionOptions = { host: pod.ip, port, user: 'root', password, connectTimeoutMs: runtime.settings.mysqlConnectTimeoutMs };

  if (mode === 'once') return await connectToMysql(options, logger);
  return await waitForMysql(options, { deadlineMs: runtime.settings.mysqlReadyDeadlineMs, intervalMs: 1_000, logger });
}
