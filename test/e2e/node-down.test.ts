import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadLabSampleData } from '../../src/lab/cluster/load-sample-data.js';
import { MYSQL_NODE_NAME } from '../../src/lab/cluster/lab-topology.js';
import { startLabCluster, type LabCluster } from '../../src/lab/cluster/start-lab-cluster.js';
import { labKubeConfig } from '../../src/lab/kubeconfig.js';
import { connectToMysql } from '../../src/mysql/connect.js';
import { captureLogger } from '../support/capture-logger.js';
import { uniquePodSubnet } from '../support/pod-subnet.js';

describe('lab node down', () => {
  let cluster: LabCluster;
  beforeAll(async () => {
    cluster = await startLabCluster({
      logger: captureLogger('info').logger,
      podSubnet: uniquePodSubnet(),
      timing: { nodeMonitorGracePeriodMs: 300, podEvictionTimeoutMs: 700, resyncMs: 100 },
    });
  });
  afterAll(async () => {
    await cluster?.close();
  });

  it('moves MySQL to another replica node with its data', { timeout: 120_000 }, async () => {
    const firstPod = await loadLabSampleData(cluster.store);
    const core = labKubeConfig(cluster.url).makeApiClient(CoreV1Api);
    const before = await core.readNamespacedPod({ name: firstPod, namespace: 'default' });
    expect(before.spec?.nodeName).toBe(MYSQL_NODE_NAME);

    const firstIp = before.status?.podIP as string;
    const writer = await connectToMysql({ host: firstIp, port: 3306, user: 'root', password: 'password', connectTimeoutMs: 2_000 });
    await writer.query("INSERT INTO classicmodels.offices VALUES ('8','Shanghai','+86 21 0000 0000','1 Century Avenue',NULL,NULL,'China','200120','APAC')");
    await writer.end();

    cluster.runtime.nodes.setDown(MYSQL_NODE_NAME, true);
    const secondPod = await loadLabSampleData(cluster.store, { timeoutMs: 60_000 });
    expect(secondPod).not.toBe(firstPod);

    const after = await core.readNamespacedPod({ name: secondPod, namespace: 'default' });
    expect(after.spec?.nodeName).not.toBe(MYSQL_NODE_NAME);
    const volume = [...cluster.portworx.volumes.values()].find((candidate) => candidate.labels.pvc === 'px-mysql-pvc');
    const replicaNodes = volume?.replicaNodeIds.map((id) => cluster.portworx.nodes.get(id)?.name);
    expect(replicaNodes).toContain(after.spec?.nodeName);
    expect(volume?.attachedNodeName).toBe(after.spec?.nodeName);

    const reader = await connectToMysql({ host: after.status?.podIP as string, port: 3306, user: 'root', password: 'password', connectTimeoutMs: 2_000 });
    const [rows] = await reader.query('SELECT COUNT(*) AS offices FROM classicmodels.offices');
    await reader.end();
    expect(String((rows as Array<{ offices: number | string }>)[0]?.offices)).toBe('8');

    const log = await core.readNamespacedPodLog({ name: secondPod, namespace: 'default' });
    expect(log).toContain('crash recovery');

    const old = await core.readNamespacedPod({ name: firstPod, namespace: 'default' });
    expect(old.metadata?.deletionTimestamp).toBeDefined();
    cluster.runtime.nodes.setDown(MYSQL_NODE_NAME, false);
    await waitUntil(async () => (await core.listNamespacedPod({ namespace: 'default', fieldSelector: `metadata.name=${firstPod}` })).items.length === 0);
  });
});

async function waitUntil(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`condition not met within ${timeoutMs} ms`);
}
