import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/lab/apiserver/kube-object.js';
import { MYSQL_NODE_NAME } from '../../../src/lab/cluster/lab-topology.js';
import { MYSQL_NAMESPACE } from '../../../src/lab/cluster/seed-mysql.js';
import { runPxctl } from '../../../src/lab/portworx/pxctl.js';
import { eventsFor, isReady, processExists, startKubeletHarness, waitFor, waitForReadyMysqlPod, type KubeletHarness, TEST_POD_SUBNET } from './kubelet-harness.js';

describe('kubelet MySQL pod lifecycle', () => {
  let harness: KubeletHarness;
  let pod: KubeObject;

  beforeAll(async () => {
    harness = await startKubeletHarness(`${TEST_POD_SUBNET}.101`);
    pod = await waitForReadyMysqlPod(harness);
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('seeded pod runs mariadbd on its pod IP', async () => {
    expect(pod.status.podIP).toBe(`${TEST_POD_SUBNET}.101`);
    const connection = await harness.connect(pod);
    try {
      const [rows] = await connection.query<RowDataPacket[]>('SELECT 1 AS one, @@port AS port');
      expect(rows[0]?.one).toBe(1);
      expect(rows[0]?.port).toBe(3306);
    } finally {
      await connection.end();
    }
  });

  it('root password comes from the Secret', async () => {
    await expect(harness.connect(pod, 'not-the-password')).rejects.toThrow(/Access denied/);
  });

  it('status reports a running, ready container', () => {
    const status = pod.status;
    expect(status.phase).toBe('Running');
    expect(status.hostIP).toBe('127.0.10.4');
    expect(isReady(pod)).toBe(true);
    const containersReady = status.conditions.find((condition: KubeObject) => condition.type === 'ContainersReady');
    expect(containersReady?.status).toBe('True');
    const container = status.containerStatuses[0];
    expect(container.ready).toBe(true);
    expect(container.restartCount).toBe(0);
    expect(container.state.running.startedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(container.containerID).toMatch(/^containerd:\/\/[0-9a-f]{64}$/);
  });

  it('kubelet events are Pulled, Created, Started', () => {
    const reasons = eventsFor(harness.runtime, pod).map((event) => event.reason);
    expect(reasons).toContain('Pulled');
    expect(reasons).toContain('Created');
    expect(reasons).toContain('Started');
    const started = eventsFor(harness.runtime, pod).find((event) => event.reason === 'Started');
    expect(started?.source).toEqual({ component: 'kubelet', host: MYSQL_NODE_NAME });
  });

  it('volume data lives in the lab directory', async () => {
    const claim = harness.runtime.store.get('persistentvolumeclaims', MYSQL_NAMESPACE, 'px-mysql-pvc');
    const volumeId = harness.runtime.store.get('persistentvolumes', undefined, claim.spec.volumeName).spec.portworxVolume.volumeID;
    const ibdata = await readFile(join(harness.runtime.directory, 'volumes', volumeId, 'ibdata1'));
    expect(ibdata.length).toBeGreaterThan(0);
  });

  it('pxctl volume inspect shows the attachment', () => {
    const volume = [...harness.runtime.portworx.volumes.values()][0];
    const result = runPxctl(['volume', 'inspect', String(volume?.id)], harness.runtime.portworx, { nodeName: MYSQL_NODE_NAME, now: new Date() });
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`State\\s+:\\s+Attached: ${MYSQL_NODE_NAME}`));
    expect(result.stdout).toContain(pod.metadata.name);
    expect(volume?.consumers.map((consumer) => consumer.uid)).toEqual([pod.metadata.uid]);
  });

  it('graceful deletion stops the server cleanly', async () => {
    const connection = await harness.connect(pod);
    try {
      await connection.query('CREATE DATABASE shop');
      await connection.query('CREATE TABLE shop.orders (id INT PRIMARY KEY) ENGINE=InnoDB');
      await connection.query('INSERT INTO shop.orders VALUES (1), (2), (3)');
    } finally {
      await connection.end();
    }
    const pid = Number((await readFile(join(harness.runtime.directory, 'pods', pod.metadata.uid, 'mariadbd.pid'), 'utf8')).trim());
    expect(await processExists(pid)).toBe(true);

    const deleted = harness.runtime.store.delete('pods', MYSQL_NAMESPACE, pod.metadata.name);
    expect(deleted.removed).toBe(false);
    await waitFor('the pod object to be removed', () => !harness.runtime.store.find('pods', MYSQL_NAMESPACE, pod.metadata.name));

    expect(await processExists(pid)).toBe(false);
    const log = await harness.errorLog(pod);
    expect(log).toMatch(/Shutdown complete/);
    const reasons = eventsFor(harness.runtime, pod).map((event) => event.reason);
    expect(reasons).toContain('Killing');
  });

  it('deletion detaches the volume', () => {
    const volume = [...harness.runtime.portworx.volumes.values()][0];
    expect(volume?.attachedNodeName).toBeUndefined();
    expect(volume?.consumers).toEqual([]);
  });

  it('non-MySQL pods are Running', () => {
    const portworxPods = harness.runtime.store.list('pods', { namespace: 'kube-system', labelSelector: 'name=portworx' }).items;
    expect(portworxPods.length).toBe(3);
    for (const portworxPod of portworxPods) expect(isReady(portworxPod)).toBe(true);
  });
});
