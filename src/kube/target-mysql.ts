import { AppsV1Api, CoreV1Api, type KubeConfig, type V1Pod } from '@kubernetes/client-node';
import type { TargetConfig } from '../config/targets-schema.js';
import { PxmysqlError } from '../errors.js';
import type { Logger } from '../logging.js';
import { connectToMysql, type MysqlConnection } from '../mysql/connect.js';
import { deploymentLabelSelector, listPods } from './deployment-pods.js';
import { readSecretValue } from './read-secret-value.js';

const MYSQL_PORT = 3306;

/** The target's running MySQL pod and the address that MySQL listens on. */
export interface TargetMysqlPod {
  name: string;
  nodeName: string | undefined;
  ip: string;
  port: number;
}

/**
 * Finds the one Ready pod of the target's Deployment. Throws `mysql_pod_not_found` when no pod is
 * Ready with a pod IP, and `mysql_pod_ambiguous` when several are, because a snapshot or a write
 * must reach the one server that owns the volume.
 */
export async function findTargetMysqlPod(kubeConfig: KubeConfig, target: TargetConfig): Promise<TargetMysqlPod> {
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const selector = await deploymentLabelSelector(apps, target.namespace, target.deployment);
  const pods = (await listPods(core, target.namespace, selector)).items;
  const ready = pods.filter((pod) => pod.metadata?.deletionTimestamp === undefined && isPodReady(pod) && pod.status?.podIP !== undefined);

  const deployment = `${target.namespace}/${target.deployment}`;
  if (ready.length === 0) {
    throw new PxmysqlError('mysql_pod_not_found', `Deployment ${deployment} has no Ready pod with an IP, so MySQL cannot be reached. Check the pod with /pxmysql status.`, {
      kind: 'retryable',
    });
  }
  if (ready.length > 1) {
    const names = ready.map((pod) => pod.metadata?.name ?? '').join(', ');
    throw new PxmysqlError('mysql_pod_ambiguous', `Deployment ${deployment} has ${ready.length} Ready pods (${names}); wait until only one is left.`, { kind: 'retryable' });
  }

  const pod = ready[0] as V1Pod;
  return { name: pod.metadata?.name ?? '', nodeName: pod.spec?.nodeName, ip: pod.status?.podIP as string, port: mysqlPortOf(pod) };
}

/**
 * Connects to MySQL in a pod as root with the password from the target's Secret. The password is
 * read for each connection and never stored or logged.
 */
export async function connectToTargetMysql(
  kubeConfig: KubeConfig,
  target: TargetConfig,
  pod: TargetMysqlPod,
  options: { connectTimeoutMs: number; logger?: Logger },
): Promise<MysqlConnection> {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const secret = target.rootPasswordSecret;
  const password = await readSecretValue(core, target.namespace, secret.name, secret.key);
  return await connectToMysql({ host: pod.ip, port: pod.port, user: 'root', password, connectTimeoutMs: options.connectTimeoutMs }, options.logger);
}

function isPodReady(pod: V1Pod): boolean {
  return pod.status?.phase === 'Running' && (pod.status.conditions ?? []).some((condition) => condition.type === 'Ready' && condition.status === 'True');
}

/** Returns the container port named `mysql`, else 3306 if declared, else the first declared port, else 3306. */
function mysqlPortOf(pod: V1Pod): number {
  const ports = (pod.spec?.containers ?? []).flatMap((container) => container.ports ?? []);
  const named = ports.find((port) => port.name === 'mysql') ?? ports.find((port) => port.containerPort === MYSQL_PORT) ?? ports[0];
  return named?.containerPort ?? MYSQL_PORT;
}
