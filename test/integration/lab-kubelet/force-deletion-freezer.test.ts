import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/lab/apiserver/kube-object.js';
import { MYSQL_NAMESPACE } from '../../../src/lab/cluster/seed-mysql.js';
import { processState } from '../../../src/lab/kubelet/volume-freezer.js';
import { eventsFor, processExists, startKubeletHarness, waitFor, waitForReadyMysqlPod, type KubeletHarness, TEST_POD_SUBNET } from './kubelet-harness.js';

describe('kubelet freezer and force deletion', () => {
  let harness: KubeletHarness;
  let pod: KubeObject;
  let pid: number;
  let volumeId: string;

  beforeAll(async () => {
    harness = await startKubeletHarness(`${TEST_POD_SUBNET}.102`);
    pod = await waitForReadyMysqlPod(harness);
    pid = Number((await readFile(join(harness.runtime.directory, 'pods', pod.metadata.uid, 'mariadbd.pid'), 'utf8')).trim());
    volumeId = String([...harness.runtime.portworx.volumes.keys()][0]);
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('kubelet sets the volume freezer', () => {
    expect(harness.runtime.volumeFreezer).toBeTypeOf('function');
  });

  it('freezer stops and resumes mariadbd', async () => {
    const freeze = harness.runtime.volumeFreezer;
    if (!freeze) throw new Error('the kubelet set no volume freezer');
    expect(await processState(pid)).not.toBe('T');

    const thaw = await freeze(volumeId);
    expect(await processState(pid)).toBe('T');

    await thaw();
    await waitFor('mariadbd to leave the stopped state', async () => (await processState(pid)) !== 'T');
    const connection = await harness.connect(pod);
    await connection.end();
  });

  it('freezer of an unused volume is a no-op', async () => {
    const freeze = harness.runtime.volumeFreezer;
    if (!freeze) throw new Error('the kubelet set no volume freezer');
    const thaw = await freeze('123');
    await thaw();
    expect(await processState(pid)).not.toBe('T');
  });

  it('crash restarts mariadbd after a back-off', async () => {
    // Read the pid again: on a loaded machine the server may have been restarted since beforeAll.
    pid = Number((await readFile(join(harness.runtime.directory, 'pods', pod.metadata.uid, 'mariadbd.pid'), 'utf8')).trim());
    const restartsBefore = harness.mysqlPod().status.containerStatuses[0].restartCount as number;
    process.kill(pid, 'SIGKILL');
    const restarted = await waitFor('the pod to be Ready after the crash', () => {
      const current = harness.mysqlPod();
      const container = current.status.containerStatuses[0];
      return container.restartCount === restartsBefore + 1 && container.ready ? current : undefined;
    });

    expect(restarted.status.containerStatuses[0].lastState.terminated).toMatchObject({ exitCode: 137, reason: 'Error' });
    const backOff = eventsFor(harness.runtime, restarted).find((event) => event.reason === 'BackOff');
    expect(backOff?.type).toBe('Warning');
    const previousLog = await harness.kubelet.podLogs({ namespace: MYSQL_NAMESPACE, pod: restarted, container: 'mysql', tailLines: undefined, previous: true });
    expect(previousLog).toMatch(/ready for connections/);

    pid = Number((await readFile(join(harness.runtime.directory, 'pods', pod.metadata.uid, 'mariadbd.pid'), 'utf8')).trim());
    expect(await processExists(pid)).toBe(true);
  });

  it('force deletion kills mariadbd at once', async () => {
    const result = harness.runtime.store.delete('pods', MYSQL_NAMESPACE, pod.metadata.name, { gracePeriodSeconds: 0 });
    expect(result.removed).toBe(true);

    await waitFor('mariadbd to be killed', async () => !(await processExists(pid)), 5_000);
    const log = await harness.errorLog(pod);
    expect(log).not.toMatch(/Shutdown complete/);
  });

  it('force deletion detaches the volume', async () => {
    await harness.kubelet.idle();
    const volume = harness.runtime.portworx.volumes.get(volumeId);
    expect(volume?.consumers).toEqual([]);
    expect(volume?.attachedNodeName).toBeUndefined();
  });
});
