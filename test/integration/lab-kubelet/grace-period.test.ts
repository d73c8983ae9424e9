import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/lab/apiserver/kube-object.js';
import { MYSQL_NAMESPACE } from '../../../src/lab/cluster/seed-mysql.js';
import { processExists, startKubeletHarness, waitFor, waitForReadyMysqlPod, type KubeletHarness, TEST_POD_SUBNET } from './kubelet-harness.js';

describe('kubelet grace period', () => {
  let harness: KubeletHarness;
  let pod: KubeObject;

  beforeAll(async () => {
    harness = await startKubeletHarness(`${TEST_POD_SUBNET}.109`);
    pod = await waitForReadyMysqlPod(harness);
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('hung server is killed after the grace period', async () => {
    const pid = Number((await readFile(join(harness.runtime.directory, 'pods', pod.metadata.uid, 'mariadbd.pid'), 'utf8')).trim());
    const volumeId = String([...harness.runtime.portworx.volumes.keys()][0]);
    const freeze = harness.runtime.volumeFreezer;
    if (!freeze) throw new Error('the kubelet set no volume freezer');
    // A stopped process cannot handle SIGTERM, so only the SIGKILL at the end of the grace period ends it.
    await freeze(volumeId);

    const deletedAt = Date.now();
    harness.runtime.store.delete('pods', MYSQL_NAMESPACE, pod.metadata.name, { gracePeriodSeconds: 1 });
    await waitFor('the pod object to be removed', () => !harness.runtime.store.find('pods', MYSQL_NAMESPACE, pod.metadata.name), 10_000);

    expect(Date.now() - deletedAt).toBeGreaterThanOrEqual(1_000);
    expect(await processExists(pid)).toBe(false);
    expect(await harness.errorLog(pod)).not.toMatch(/Shutdown complete/);
    expect(harness.runtime.portworx.volumes.get(volumeId)?.attachedNodeName).toBeUndefined();
  });
});
