import type { CoreV1Api, V1Pod } from '@kubernetes/client-node';
import type { TargetConfig } from '../config/targets-schema.js';
import { PxmysqlError } from '../errors.js';
import type { Logger } from '../logging.js';
import { connectToMysql, type MysqlConnection, type MysqlConnectionOptions } from '../mysql/connect.js';
import { waitForMysql } from '../mysql/retry-connect.js';
import { listPods } from './deployment-pods.js';
import { isPodReady, isPodTerminating } from './node-state.js';
import { readSecretValue } from './read-secret-value.js';

/** MySQL's default port, used when the container declares none. */
export const DEFAULT_MYSQL_PORT = 3306;

/** Address of MySQL in one pod. */
export interface PodEndpoint {
  name: string;
  uid: string;
  nodeName: string | undefined;
  ip: string | undefined;
  port: number;
}

/** Returns the first `containerPort` of the pod's first container, or 3306 when it declares none. */
export function mysqlPortOf(pod: V1Pod): number {
  return pod.spec?.containers[0]?.ports?.[0]?.containerPort ?? DEFAULT_MYSQL_PORT;
}

/** Returns the address of a pod as the MySQL steps use it. */
export function podEndpoint(pod: V1Pod): PodEndpoint {
  return { name: pod.metadata?.name ?? '', uid: pod.metadata?.uid ?? '', nodeName: pod.spec?.nodeName, ip: pod.status?.podIP, port: mysqlPortOf(pod) };
}

/** Returns whether a pod is Running, Ready, not being deleted and has a pod IP. */
export function isServingPod(pod: V1Pod): boolean {
  return !isPodTerminating(pod) && pod.status?.phase === 'Running' && isPodReady(pod) && pod.status.podIP !== undefined;
}

/** Finds a Running, Ready pod matching the selector. Throws `mysql_pod_not_ready` when there is none. */
export async function findServingPod(core: Pick<CoreV1Api, 'listNamespacedPod'>, namespace: string, labelSelector: string): Promise<PodEndpoint> {
  const { items } = await listPods(core, namespace, labelSelector);
  const pod = items.find(isServingPod);
  if (pod === undefined) {
    throw new PxmysqlError('mysql_pod_not_ready', `no Running and Ready pod matches ${labelSelector} in namespace ${namespace}`, { kind: 'retryable' });
  }
  return podEndpoint(pod);
}

export interface PodMysqlOptions {
  /** Keep retrying for this long, in milliseconds, while the server starts. 0 tries once. */
  waitMs: number;
  connectTimeoutMs: number;
  logger?: Logger;
}

/**
 * Connects to MySQL in a pod as root, with the password from the target's Secret. The password is
 * read for each connection and never stored or logged. The caller closes the connection.
 */
export async function connectToPodMysql(
  core: Pick<CoreV1Api, 'readNamespacedSecret'>,
  target: TargetConfig,
  pod: PodEndpoint,
  options: PodMysqlOptions,
): Promise<MysqlConnection> {
  if (pod.ip === undefined) {
    throw new PxmysqlError('mysql_connect_failed', `pod ${pod.name} has no pod IP, so MySQL in it cannot be reached`, { kind: 'retryable' });
  }
  const secret = target.rootPasswordSecret;
  const password = await readSecretValue(core, target.namespace, secret.name, secret.key);
  const connection: MysqlConnectionOptions = { host: pod.ip, port: pod.port, user: 'root', password, connectTimeoutMs: options.connectTimeoutMs };
  if (options.waitMs <= 0) return await connectToMysql(connection, options.logger);
  return await waitForMysql(connection, { deadlineMs: options.waitMs, intervalMs: 1_000, ...(options.logger ? { logger: options.logger } : {}) });
}
