import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import type { ExpandState } from '../../../jobs/expand/expand-data.js';
import { createExpandHandler } from '../../../jobs/expand/run-expand.js';
import { isPxmysqlError } from '../../../src/errors.js';
import { patchPvcStorageRequest } from '../../../src/kube/patch-pvc-storage.js';
import type { LabCluster } from '../../../src/lab/cluster/start-lab-cluster.js';
import {
  LAB_TARGET,
  SimulatedCrash,
  countRequestChanges,
  expandRun,
  freshPvc,
  labCore,
  labStorage,
  useLab,
  waitForCapacity,
} from './expand-harness.js';

const lab = useLab();
const runExpand = createExpandHandler({ pollIntervalMs: 500, capacityDeadlineMs: 30_000 });
const GI = 2 ** 30;

async function expandFailure(cluster: LabCluster, size: string, target = LAB_TARGET) {
  const run = await expandRun(cluster, size, target);
  const error = await runExpand(run.context).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  return {
    code: isPxmysqlError(error) ? error.code : error,
    kind: isPxmysqlError(error) ? error.kind : undefined,
    message: error instanceof Error ? error.message : String(error),
    state: run.job.data.expand,
  };
}

async function requestOf(cluster: LabCluster, pvc: string): Promise<string | undefined> {
  return (await labCore(cluster).readNamespacedPersistentVolumeClaim({ name: pvc, namespace: 'default' })).spec?.resources?.requests?.storage;
}

/** Creates StorageClass `px-fixed` without `allowVolumeExpansion` and a bound 1Gi PVC on it. */
async function createFixedPvc(cluster: LabCluster): Promise<void> {
  await labStorage(cluster).createStorageClass({
    body: {
      metadata: { name: 'px-fixed' },
      provisioner: 'kubernetes.io/portworx-volume',
      parameters: { repl: '3' },
      allowVolumeExpansion: false,
      reclaimPolicy: 'Delete',
      volumeBindingMode: 'Immediate',
    },
  });
  await labCore(cluster).createNamespacedPersistentVolumeClaim({
    namespace: 'default',
    body: {
      metadata: { name: 'fixed-pvc' },
      spec: { storageClassName: 'px-fixed', accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
    },
  });
  await waitForCapacity(cluster, 'fixed-pvc', '1Gi');
}

describe('expand on the lab', () => {
  it('grows the PVC, the PV and the Portworx volume to 2Gi', { timeout: 90_000 }, async () => {
    const cluster = lab.cluster();
    await freshPvc(cluster);
    const run = await expandRun(cluster, '2Gi');

    await runExpand(run.context);

    const state = run.job.data.expand as ExpandState;
    expect(state.completedSteps).toEqual(['preflight', 'patch-pvc', 'wait-for-capacity', 'report']);
    expect(state.oldRequest).toBe('1Gi');
    expect(state.storageClass).toBe('px-ha-sc');
    expect(state.patchedByThisJob).toBe(true);
    expect(state.newCapacity).toBe('2Gi');
    expect(state.volumeSizeBytesBefore).toBe(GI);

    const claim = await labCore(cluster).readNamespacedPersistentVolumeClaim({ name: LAB_TARGET.pvc, namespace: 'default' });
    expect(claim.spec?.resources?.requests?.storage).toBe('2Gi');
    expect(claim.status?.capacity?.storage).toBe('2Gi');
    const volume = await labCore(cluster).readPersistentVolume({ name: state.volumeName as string });
    expect(volume.spec?.capacity?.storage).toBe('2Gi');
    const portworxVolume = [...cluster.portworx.volumes.values()].find((candidate) => candidate.name === state.volumeName);
    expect(portworxVolume?.sizeBytes).toBe(2 * GI);

    const replies = await run.replies();
    const texts = replies.map((reply) => reply.text);
    const requested = texts.findIndex((text) => text.startsWith('Resize to `2Gi` requested'));
    const resizing = texts.findIndex((text) => text.includes('is resizing'));
    const done = texts.findIndex((text) => text.includes('reached a capacity of `2Gi`'));
    expect(requested).toBeGreaterThanOrEqual(0);
    expect(resizing).toBeGreaterThan(requested);
    expect(done).toBeGreaterThan(resizing);
    expect(texts).toContain('Patched PVC `px-mysql-pvc`: storage request `1Gi` → `2Gi`.');

    const before = replies.find((reply) => reply.text.includes('before the expansion'));
    const after = replies.find((reply) => reply.text.includes('after the expansion'));
    expect(before?.blocks).toContain('1.0 GiB');
    expect(after?.blocks).toContain('2.0 GiB');
    const summary = replies.find((reply) => reply.text.startsWith(':white_check_mark: Expansion of `orders-db` done'));
    expect(summary?.text).toContain('`1Gi` → `2Gi`');
    expect(summary?.blocks).toContain('PV capacity');
    expect(summary?.blocks).toContain('from the patch to the new capacity');
  });

  it('rejects a shrink, naming both sizes', { timeout: 60_000 }, async () => {
    const cluster = lab.cluster();
    await freshPvc(cluster);
    await patchPvcStorageRequest(labCore(cluster), 'default', LAB_TARGET.pvc, '2Gi');
    await waitForCapacity(cluster, LAB_TARGET.pvc, '2Gi');

    const result = await expandFailure(cluster, '1Gi');

    expect(result.code).toBe('expand_shrink');
    expect(result.kind).toBe('user');
    expect(result.message).toContain('requests `2Gi`, and `1Gi` is smaller');
    expect(result.state).toBeUndefined();
    expect(await requestOf(cluster, LAB_TARGET.pvc)).toBe('2Gi');
  });

  it('rejects a size equal to the request', { timeout: 60_000 }, async () => {
    const cluster = lab.cluster();
    await freshPvc(cluster);

    const result = await expandFailure(cluster, '1Gi');

    expect(result.code).toBe('expand_no_change');
    expect(result.kind).toBe('user');
    expect(result.message).toContain('already requests `1Gi`, so expanding to `1Gi` changes nothing');
    expect(result.state).toBeUndefined();
  });

  it('rejects a StorageClass without expansion', { timeout: 60_000 }, async () => {
    const cluster = lab.cluster();
    await freshPvc(cluster);
    await createFixedPvc(cluster);

    const result = await expandFailure(cluster, '2Gi', { ...LAB_TARGET, pvc: 'fixed-pvc' });

    expect(result.code).toBe('expand_not_allowed');
    expect(result.kind).toBe('user');
    expect(result.message).toContain('StorageClass `px-fixed` of PVC `fixed-pvc` does not set `allowVolumeExpansion: true`');
    expect(await requestOf(cluster, 'fixed-pvc')).toBe('1Gi');
  });

  it('reports the apiserver rejecting a PVC patch on a fixed class', { timeout: 60_000 }, async () => {
    const cluster = lab.cluster();
    await freshPvc(cluster);
    await createFixedPvc(cluster);

    const error = await patchPvcStorageRequest(labCore(cluster), 'default', 'fixed-pvc', '2Gi').then(
      () => undefined,
      (thrown: unknown) => thrown,
    );

    expect(isPxmysqlError(error) ? error.code : error).toBe('kube_patch_rejected');
    expect(isPxmysqlError(error) ? error.messageParams.status : undefined).toBe(403);
    expect(await requestOf(cluster, 'fixed-pvc')).toBe('1Gi');
  });

  it('sends the patch as a merge patch', { timeout: 60_000 }, async () => {
    const cluster = lab.cluster();
    await freshPvc(cluster);
    // A plain JSON body sent as a JSON patch would be rejected, so this checks the content type too.
    const updated = await patchPvcStorageRequest(labCore(cluster), 'default', LAB_TARGET.pvc, '3Gi');

    expect(updated.spec?.resources?.requests?.storage).toBe('3Gi');
    await expect(
      labCore(cluster).patchNamespacedPersistentVolumeClaim(
        { name: LAB_TARGET.pvc, namespace: 'default', body: { spec: { resources: { requests: { storage: '1Gi' } } } } },
        setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
      ),
    ).rejects.toMatchObject({ code: 422 });
  });

  it('resumes after a crash after each step with one patch', { timeout: 120_000 }, async () => {
    const cluster = lab.cluster();
    await freshPvc(cluster);
    const changes = countRequestChanges(cluster, LAB_TARGET.pvc);
    const run = await expandRun(cluster, '2Gi');
    run.job.crashAfterEachStore = true;
    const completedPerRun: string[][] = [];
    try {
      for (let attempt = 0; attempt < 4; attempt += 1) {
        await expect(runExpand({ ...run.context, data: run.job.data })).rejects.toBeInstanceOf(SimulatedCrash);
        completedPerRun.push(run.job.data.expand?.completedSteps ?? []);
      }
    } finally {
      changes.stop();
    }

    expect(completedPerRun.map((steps) => steps.length)).toEqual([1, 2, 3, 4]);
    expect(changes.count()).toBe(1);
    expect(run.job.data.expand?.newCapacity).toBe('2Gi');
    const texts = (await run.replies()).map((reply) => reply.text);
    expect(texts.filter((text) => text.startsWith('Patched PVC')).length).toBe(1);
  });

  it('repeats the patch step without a second patch', { timeout: 120_000 }, async () => {
    const cluster = lab.cluster();
    await freshPvc(cluster);
    const changes = countRequestChanges(cluster, LAB_TARGET.pvc);
    const run = await expandRun(cluster, '2Gi');
    await runExpand(run.context);
    const afterPreflight = run.job.stored.find((data) => data.expand?.completedSteps.length === 1);
    expect(afterPreflight?.expand?.completedSteps).toEqual(['preflight']);

    // A worker that patched the PVC and died before storing the step leaves exactly this state behind.
    const resumed = await expandRun(cluster, '2Gi');
    resumed.job.data = structuredClone(afterPreflight as NonNullable<typeof afterPreflight>);
    await runExpand({ ...resumed.context, data: resumed.job.data });
    changes.stop();

    expect(changes.count()).toBe(1);
    expect(resumed.job.data.expand?.patchedByThisJob).toBe(false);
    expect(resumed.job.data.expand?.newCapacity).toBe(run.job.data.expand?.newCapacity);
    expect((await resumed.replies()).map((reply) => reply.text)).toContain('PVC `px-mysql-pvc` already requests `2Gi`, so no patch was needed.');
  });
});
