import { CustomObjectsApi } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { snapshotsReply } from '../../../commands/snapshots.js';
import { createSnapshotHandler } from '../../../jobs/snapshot/run-snapshot.js';
import type { SnapshotState } from '../../../jobs/snapshot/snapshot-data.js';
import { listSnapshots, readSnapshotRecord, takeSnapshot } from '../../../jobs/snapshot/take-snapshot.js';
import { isPxmysqlError, type PxmysqlError } from '../../../src/errors.js';
import type { StoreEvent } from '../../../src/lab/apiserver/store-history.js';
import { labKubeConfig } from '../../../src/lab/kubeconfig.js';
import { SNAPSHOT_ANNOTATIONS } from '../../../src/kube/volume-snapshots.js';
import { takeFingerprint } from '../../../src/mysql/fingerprint.js';
import { captureLogger } from '../../support/capture-logger.js';
import { freshLab, useLab } from '../failover/failover-harness.js';
import { connectAsRoot, createProbeTable, mysqlPodIp, snapshotRun, snapshotTarget, startApiProxy, startProbeInsert, type ProxyDecision } from './snapshot-harness.js';

const lab = useLab();
const FAST = { pollIntervalMs: 200, cutTimeoutMs: 3_000 };
const logger = captureLogger('warn').logger;

async function freshFingerprint(podIp: string) {
  const connection = await connectAsRoot(podIp);
  try {
    return await takeFingerprint(connection);
  } finally {
    await connection.end();
  }
}

async function rejectionOf(promise: Promise<unknown>): Promise<PxmysqlError> {
  const error = await promise.then(
    () => undefined,
    (caught: unknown) => caught,
  );
  if (!isPxmysqlError(error)) throw new Error(`expected a PxmysqlError, got ${String(error)}`);
  return error;
}

function isSnapshotCreate(method: string, path: string): boolean {
  return method === 'POST' && /\/namespaces\/default\/volumesnapshots(\?|$)/.test(path);
}

describe('takeSnapshot on the lab', () => {
  for (const api of ['stork', 'csi'] as const) {
    it(`takes a ready ${api} snapshot with the fingerprint`, { timeout: 60_000 }, async () => {
      const cluster = lab.cluster();
      const podIp = await mysqlPodIp(cluster, await freshLab(cluster));
      const kubeConfig = labKubeConfig(cluster.url);
      const target = snapshotTarget({ api });

      const result = await takeSnapshot({ target, kubeConfig, logger }, { name: `orders-${api}`, jobId: `job-${api}` }, FAST);

      expect(result.api).toBe(api);
      expect(result.reused).toBe(false);
      expect(result.lockedUntilCut).toBe(true);
      expect(result.restoreSize).toMatch(/^\d+(Ki|Mi|Gi|Ti)?$/);
      expect(result.fingerprint).toEqual(await freshFingerprint(podIp));
      expect(result.fingerprint.tables.some((table) => table.database === 'classicmodels' && table.table === 'offices' && table.rowCount === 7)).toBe(true);

      const record = await readSnapshotRecord(kubeConfig, 'default', `orders-${api}`);
      expect(record?.api).toBe(api);
      expect(record?.ready).toBe(true);
      expect(record?.fingerprint).toEqual(result.fingerprint);
      expect(record?.createdByJob).toBe(`job-${api}`);
    });
  }

  it('holds the read lock until the cut', { timeout: 60_000 }, async () => {
    const cluster = lab.cluster();
    const podIp = await mysqlPodIp(cluster, await freshLab(cluster));
    await createProbeTable(podIp);
    let blockedDuringCreate: boolean | undefined;
    let insert: Awaited<ReturnType<typeof startProbeInsert>> | undefined;
    const proxy = await startApiProxy(cluster.url, async (method, path): Promise<ProxyDecision> => {
      if (!isSnapshotCreate(method, path)) return 'forward';
      insert = await startProbeInsert(podIp, 'during the snapshot');
      await new Promise((resolve) => setTimeout(resolve, 500));
      blockedDuringCreate = !insert.settled();
      return 'forward';
    });
    try {
      const result = await takeSnapshot({ target: snapshotTarget({ api: 'stork' }), kubeConfig: labKubeConfig(proxy.url), logger }, { name: 'locked', jobId: 'job-locked' }, FAST);
      const returnedAt = Date.now();

      expect(blockedDuringCreate).toBe(true);
      const finishedAt = await insert?.done;
      expect(finishedAt).toBeLessThanOrEqual(returnedAt + 2_000);
      expect(result.fingerprint.tables.find((table) => table.database === 'probe')?.rowCount).toBe(0);

      const after = await startProbeInsert(podIp, 'after the snapshot');
      await expect(Promise.race([after.done.then(() => 'written'), new Promise((resolve) => setTimeout(() => resolve('blocked'), 2_000))])).resolves.toBe('written');
    } finally {
      await proxy.close();
    }
  });

  it('releases the read lock when the create fails', { timeout: 60_000 }, async () => {
    const cluster = lab.cluster();
    const podIp = await mysqlPodIp(cluster, await freshLab(cluster));
    await createProbeTable(podIp);
    let blockedDuringCreate: boolean | undefined;
    let insert: Awaited<ReturnType<typeof startProbeInsert>> | undefined;
    const proxy = await startApiProxy(cluster.url, async (method, path): Promise<ProxyDecision> => {
      if (!isSnapshotCreate(method, path)) return 'forward';
      insert = await startProbeInsert(podIp, 'during the failed create');
      await new Promise((resolve) => setTimeout(resolve, 500));
      blockedDuringCreate = !insert.settled();
      return { status: 500, body: { kind: 'Status', apiVersion: 'v1', status: 'Failure', reason: 'InternalError', code: 500 } };
    });
    try {
      const error = await rejectionOf(takeSnapshot({ target: snapshotTarget({ api: 'csi' }), kubeConfig: labKubeConfig(proxy.url), logger }, { name: 'fails', jobId: 'job-fails' }, FAST));

      expect(error.code).toBe('kube_api_error');
      expect(blockedDuringCreate).toBe(true);
      await expect(insert?.done).resolves.toBeTypeOf('number');
    } finally {
      await proxy.close();
    }
  });

  it('rejects a name taken by another job', { timeout: 60_000 }, async () => {
    const cluster = lab.cluster();
    const podIp = await mysqlPodIp(cluster, await freshLab(cluster));
    await createProbeTable(podIp);
    const kubeConfig = labKubeConfig(cluster.url);
    await kubeConfig.makeApiClient(CustomObjectsApi).createNamespacedCustomObject({
      group: 'volumesnapshot.external-storage.k8s.io',
      version: 'v1',
      namespace: 'default',
      plural: 'volumesnapshots',
      body: { apiVersion: 'volumesnapshot.external-storage.k8s.io/v1', kind: 'VolumeSnapshot', metadata: { name: 'taken', annotations: { [SNAPSHOT_ANNOTATIONS.createdByJob]: 'job-other' } }, spec: { persistentVolumeClaimName: 'px-mysql-pvc' } },
    });

    const error = await rejectionOf(takeSnapshot({ target: snapshotTarget({ api: 'stork' }), kubeConfig, logger }, { name: 'taken', jobId: 'job-mine' }, FAST));

    expect(error.code).toBe('snapshot_exists');
    expect(error.messageKey).toBe('snapshot.failed.exists');
    expect(error.messageParams.owner).toBe('job-other');
    const insert = await startProbeInsert(podIp, 'after the rejection');
    await expect(insert.done).resolves.toBeTypeOf('number');
  });

  it('rejects a class with another driver', { timeout: 60_000 }, async () => {
    const cluster = lab.cluster();
    await freshLab(cluster);
    const kubeConfig = labKubeConfig(cluster.url);
    await kubeConfig.makeApiClient(CustomObjectsApi).createClusterCustomObject({
      group: 'snapshot.storage.k8s.io',
      version: 'v1',
      plural: 'volumesnapshotclasses',
      body: { apiVersion: 'snapshot.storage.k8s.io/v1', kind: 'VolumeSnapshotClass', metadata: { name: 'gce-snapclass' }, driver: 'pd.csi.storage.gke.io', deletionPolicy: 'Delete' },
    });

    const error = await rejectionOf(takeSnapshot({ target: snapshotTarget({ api: 'csi', volumeSnapshotClass: 'gce-snapclass' }), kubeConfig, logger }, { name: 'wrong-driver', jobId: 'job-driver' }, FAST));

    expect(error.code).toBe('snapshot_class_driver');
    expect(error.messageParams.driver).toBe('pd.csi.storage.gke.io');
    expect(await readSnapshotRecord(kubeConfig, 'default', 'wrong-driver')).toBeUndefined();
  });

  it('times out with the reason when never ready', { timeout: 60_000 }, async () => {
    const cluster = lab.cluster();
    const podIp = await mysqlPodIp(cluster, await freshLab(cluster));
    await createProbeTable(podIp);
    const kubeConfig = labKubeConfig(cluster.url);
    let insert: Awaited<ReturnType<typeof startProbeInsert>> | undefined;
    const proxy = await startApiProxy(cluster.url, async (method, path): Promise<ProxyDecision> => {
      if (!isSnapshotCreate(method, path)) return 'forward';
      // The class check has passed by now; without the class the controller cannot cut the snapshot.
      await kubeConfig.makeApiClient(CustomObjectsApi).deleteClusterCustomObject({ group: 'snapshot.storage.k8s.io', version: 'v1', plural: 'volumesnapshotclasses', name: 'px-csi-snapclass' });
      insert = await startProbeInsert(podIp, 'while the snapshot is stuck');
      return 'forward';
    });
    try {
      const started = Date.now();
      const error = await rejectionOf(
        takeSnapshot({ target: snapshotTarget({ api: 'csi', readyTimeoutSeconds: 5 }), kubeConfig: labKubeConfig(proxy.url), logger }, { name: 'orphan', jobId: 'job-orphan' }, { ...FAST, cutTimeoutMs: 1_000 }),
      );

      expect(error.code).toBe('snapshot_not_ready');
      expect(String(error.messageParams.reason)).toContain('px-csi-snapclass');
      expect(String(error.messageParams.events)).toContain('SnapshotCreationFailed');
      expect(error.message).toContain('within 5 s');
      expect(Date.now() - started).toBeGreaterThanOrEqual(5_000);
      await expect(insert?.done).resolves.toBeTypeOf('number');
    } finally {
      await proxy.close();
    }
  });

  it('lists both kinds, newest first', { timeout: 60_000 }, async () => {
    const cluster = lab.cluster();
    await freshLab(cluster);
    const kubeConfig = labKubeConfig(cluster.url);
    await takeSnapshot({ target: snapshotTarget({ api: 'stork' }), kubeConfig, logger }, { name: 'first-stork', jobId: 'job-1' }, FAST);
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await takeSnapshot({ target: snapshotTarget({ api: 'csi' }), kubeConfig, logger }, { name: 'second-csi', jobId: 'job-2' }, FAST);

    const records = await listSnapshots(kubeConfig, snapshotTarget({}));

    expect(records.map((record) => [record.name, record.api, record.ready])).toEqual([
      ['second-csi', 'csi', true],
      ['first-stork', 'stork', true],
    ]);
    expect(records.every((record) => record.fingerprint !== undefined)).toBe(true);
    const reply = await snapshotsReply({ clusters: { kubeConfig: () => kubeConfig } }, snapshotTarget({}), 'en');
    expect(reply.text).toContain('`second-csi` (CSI)');
    expect(reply.text).toContain('`first-stork` (STORK)');
    expect(reply.text).toContain('fingerprint: recorded');
  });
});

describe('snapshot job on the lab', () => {
  it('reports the snapshot in the thread', { timeout: 60_000 }, async () => {
    const cluster = lab.cluster();
    await freshLab(cluster);
    const run = await snapshotRun(labKubeConfig(cluster.url), snapshotTarget({ api: 'csi' }), 'reported');

    await createSnapshotHandler(FAST)(run.context);

    const state = run.job.data.snapshot as SnapshotState;
    expect(state.completedSteps).toEqual(['snapshot', 'report']);
    expect(state.result?.name).toBe('reported');
    const replies = await run.replies();
    expect(replies.some((text) => text.startsWith('Taking CSI snapshot `reported` of PVC `px-mysql-pvc`, app-consistent'))).toBe(true);
    expect(replies.some((text) => text.includes('Snapshot `reported` of `orders-db` is ready'))).toBe(true);
    expect(replies.some((text) => text.includes('`pxctl volume inspect` of snapshot volume'))).toBe(true);
  });

  it('resumes without a second snapshot', { timeout: 60_000 }, async () => {
    const cluster = lab.cluster();
    await freshLab(cluster);
    const created: string[] = [];
    const unsubscribe = cluster.store.subscribe((event: StoreEvent) => {
      if (event.type === 'ADDED' && event.object.kind === 'VolumeSnapshot') created.push(String(event.object.metadata?.name));
    });
    try {
      const run = await snapshotRun(labKubeConfig(cluster.url), snapshotTarget({ api: 'stork' }), 'resumed');
      const handler = createSnapshotHandler(FAST);
      await handler(run.context);
      const first = (run.job.data.snapshot as SnapshotState).result;

      // A worker killed after the snapshot was created but before the step was stored starts the steps again.
      run.job.data = { ...run.job.data, snapshot: { completedSteps: [] } };
      await handler(run.context);
      const second = (run.job.data.snapshot as SnapshotState).result;

      expect(created).toEqual(['resumed']);
      expect(first?.reused).toBe(false);
      expect(second?.reused).toBe(true);
      expect(second?.fingerprint).toEqual(first?.fingerprint);
      expect(second?.sentinelAt).toBe(first?.sentinelAt);
      expect((await run.replies()).some((text) => text.includes('was created by an earlier run of this job'))).toBe(true);
    } finally {
      unsubscribe();
    }
  });
});
