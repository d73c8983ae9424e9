import type { ObjectStore } from '../apiserver/object-store.js';
import type { KubeObject } from '../apiserver/kube-object.js';
import { connectToMysql, type MysqlConnection } from '../../mysql/connect.js';
import { SAMPLE_DATABASE, loadSampleDatabase } from '../mysql-image/sample-database.js';
import { MYSQL_DEPLOYMENT_NAME, MYSQL_NAMESPACE, MYSQL_ROOT_PASSWORD } from './seed-mysql.js';

/**
 * Waits until the lab's MySQL pod is Ready, then loads the `classicmodels` sample database into it
 * unless it is already there. Returns the pod's name.
 */
export async function loadLabSampleData(store: ObjectStore, options: { timeoutMs?: number } = {}): Promise<string> {
  const deadline = Date.now() + (options.timeoutMs ?? 60_000);
  const { pod, connection } = await connectToReadyPod(store, deadline);
  try {
    const [rows] = await connection.query('SHOW DATABASES LIKE ?', [SAMPLE_DATABASE]);
    if ((rows as unknown[]).length === 0) await loadSampleDatabase(connection);
  } finally {
    await connection.end();
  }
  return pod.metadata.name as string;
}

/** Retries until a Ready MySQL pod accepts a connection, because a pod can turn Ready as its server restarts. */
async function connectToReadyPod(store: ObjectStore, deadline: number): Promise<{ pod: KubeObject; connection: MysqlConnection }> {
  let lastError: unknown;
  while (Date.now() < deadline) {
    const { items } = store.list('pods', { namespace: MYSQL_NAMESPACE, labelSelector: `app=${MYSQL_DEPLOYMENT_NAME}` });
    const pod = items.find((candidate) => candidate.metadata?.deletionTimestamp === undefined && isReady(candidate));
    if (pod?.status?.podIP) {
      try {
        const connection = await connectToMysql({ host: pod.status.podIP as string, port: 3306, user: 'root', password: MYSQL_ROOT_PASSWORD, connectTimeoutMs: 2_000 });
        return { pod, connection };
      } catch (error) {
        lastError = error;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const reason = lastError instanceof Error ? `: ${lastError.message}` : '';
  throw new Error(`the lab's MySQL pod (label app=${MYSQL_DEPLOYMENT_NAME}) did not accept connections in time${reason}; see the lab log`);
}

function isReady(pod: KubeObject): boolean {
  const conditions = (pod.status?.conditions ?? []) as Array<{ type: string; status: string }>;
  return conditions.some((condition) => condition.type === 'Ready' && condition.status === 'True');
}
