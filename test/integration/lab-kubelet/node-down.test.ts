import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/lab/apiserver/kube-object.js';
import { MYSQL_NODE_NAME } from '../../../src/lab/cluster/lab-topology.js';
import { MYSQL_NAMESPACE } from '../../../src/lab/cluster/seed-mysql.js';
import { processExists, startKubeletHarness, waitFor, waitForReadyMysqlPod, type KubeletHarness, TEST_POD_SUBNET } from './kubelet-harness.js';

async function serverPid(harness: KubeletHarness, pod: KubeObject): Promise<number> {
  return Number((await readFile(join(harness.runtime.directory, 'pods', pod.metadata.uid, 'mariadbd.pid'), 'utf8')).trim());
}

describe('kubelet node down and up', () => {
  let harness: KubeletHarness;
  let pod: KubeObject;

  beforeAll(async () => {
    harness = await startKubeletHarness(`${TEST_POD_SUBNET}.103`);
    pod = await waitForReadyMysqlPod(harness);
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('node down kills mariadbd and keeps the pod', async () => {
    const connection = await harness.connect(pod);
    try {
      await connection.query('CREATE DATABASE shop');
      await connection.query('CREATE TABLE shop.orders (id INT PRIMARY KEY) ENGINE=InnoDB');
      await connection.query('INSERT INTO shop.orders VALUES (1), (2), (3)');
    } finally {
      await connection.end();
    }
    const pid = await serverPid(harness, pod);
    const statusBefore = harness.mysqlPod().status;

    harness.runtime.nodes.setDown(MYSQL_NODE_NAME, true);
    await waitFor('mariadbd to be killed', async () => !(await processExists(pid)), 5_000);
    await harness.kubelet.idle();

    expect(harness.mysqlPod().metadata.uid).toBe(pod.metadata.uid);
    expect(harness.mysqlPod().status).toEqual(statusBefore);
    expect(await harness.errorLog(pod)).not.toMatch(/Shutdown complete/);
  });

  it('volume stays attached to the down node', () => {
    const volume = [...harness.runtime.portworx.volumes.values()][0];
    expect(volume?.attachedNodeName).toBe(MYSQL_NODE_NAME);
  });

  it('node up restarts mariadbd with crash recovery', async () => {
    harness.runtime.nodes.setDown(MYSQL_NODE_NAME, false);
    await harness.kubelet.idle();
    const restarted = await waitFor('the pod to be Ready after a restart', () => {
      const current = harness.mysqlPod();
      return current.status.containerStatuses[0].restartCount === 1 && current.status.containerStatuses[0].ready ? current : undefined;
    });

    expect(restarted.status.containerStatuses[0].lastState.terminated.exitCode).toBe(137);
    const connection = await harness.connect(restarted);
    try {
      const [rows] = await connection.query<RowDataPacket[]>('SELECT id FROM shop.orders ORDER BY id');
      expect(rows.map((row) => row.id)).toEqual([1, 2, 3]);
    } finally {
      await connection.end();
    }
    expect(await harness.errorLog(restarted)).toMatch(/InnoDB: Starting crash recovery/);
  });

  it('deletion waits while the node is down', async () => {
    const pid = await serverPid(harness, pod);
    harness.runtime.nodes.setDown(MYSQL_NODE_NAME, true);
    await waitFor('mariadbd to be killed', async () => !(await processExists(pid)), 5_000);

    harness.runtime.store.delete('pods', MYSQL_NAMESPACE, pod.metadata.name);
    await harness.kubelet.idle();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const terminating = harness.runtime.store.find('pods', MYSQL_NAMESPACE, pod.metadata.name);
    expect(terminating?.metadata.deletionTimestamp).toBeDefined();
  });

  it('node up finishes the deletion', async () => {
    harness.runtime.nodes.setDown(MYSQL_NODE_NAME, false);
    await waitFor('the Terminating pod to be removed', () => !harness.runtime.store.find('pods', MYSQL_NAMESPACE, pod.metadata.name));
    const volume = [...harness.runtime.portworx.volumes.values()][0];
    expect(volume?.attachedNodeName).toBeUndefined();
  });
});
