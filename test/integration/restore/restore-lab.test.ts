import { describe, expect, it } from 'vitest';
import type { DropJobData } from '../../../jobs/drop/drop-data.js';
import { runDrop } from '../../../jobs/drop/run-drop.js';
import type { PromoteJobData, RestoreJobData } from '../../../jobs/restore/restore-data.js';
import { runPromote, runRestore } from '../../../jobs/restore/run-restore.js';
import { takeSnapshot } from '../../../jobs/snapshot/take-snapshot.js';
import type { TargetConfig } from '../../../src/config/targets-schema.js';
import { labKubeConfig } from '../../../src/lab/kubeconfig.js';
import { captureLogger } from '../../support/capture-logger.js';
import { countOffices, freshLab, LAB_TARGET, useLab } from '../failover/failover-harness.js';
import { labJobContext, requestFields, SimulatedCrash } from './restore-harness.js';

const lab = useLab();
const STORK_SNAPSHOTS = 'volumesnapshots.volumesnapshot.external-storage.k8s.io';
const CSI_TARGET: TargetConfig = { ...LAB_TARGET, snapshots: { ...LAB_TARGET.snapshots, api: 'csi' } };

async function snapshotTarget(target: TargetConfig, name: string): Promise<void> {
  const cluster = lab.cluster();
  const context = { target, kubeConfig: labKubeConfig(cluster.url), logger: captureLogger('info').logger };
  await takeSnapshot(context, { name, jobId: `snapshot-${name}` }, { pollIntervalMs: 100 });
}

async function dropClassicmodels(safetySnapshotName: string, target: TargetConfig = LAB_TARGET): Promise<string[]> {
  const { jobId, fields } = requestFields('drop');
  const data: DropJobData = { ...fields, operation: 'drop', database: 'classicmodels', safetySnapshotName };
  const run = await labJobContext(lab.cluster(), jobId, data, target);
  await runDrop(run.context);
  return await run.replies();
}

async function restoreRun(snapshotName: string, restoreName: string, target: TargetConfig = LAB_TARGET, promote = false) {
  const { jobId, fields } = requestFields('restore');
  const data: RestoreJobData = { ...fields, operation: 'restore', snapshotName, restoreName, promote };
  return await labJobContext(lab.cluster(), jobId, data, target);
}

function restoredPodIp(restoreName: string): string {
  const pods = lab.cluster().store.list('pods', { namespace: 'default', labelSelector: `app=${restoreName}` }).items;
  return pods[0]?.status?.podIP as string;
}

describe('restore job on the lab', () => {
  it('restores a STORK snapshot after the database was dropped', async () => {
    await freshLab(lab.cluster());
    await snapshotTarget(LAB_TARGET, 'before-drop');
    const dropReplies = await dropClassicmodels('drop-safety-stork');
    expect(dropReplies.some((reply) => reply.includes('drop-safety-stork'))).toBe(true);

    const run = await restoreRun('before-drop', 'before-drop-restore');
    await runRestore(run.context);

    expect(await countOffices(restoredPodIp('before-drop-restore'))).toBe(7);
    expect(run.job.data.restore?.comparison?.matching).toContain('classicmodels.offices');
    expect(run.job.data.restore?.storageClassName).toBe('stork-snapshot-sc');
    const claim = lab.cluster().store.get('persistentvolumeclaims', 'default', 'before-drop-restore-data');
    expect(claim.metadata.annotations['snapshot.alpha.kubernetes.io/snapshot']).toBe('before-drop');
    const replies = await run.replies();
    expect(replies.some((reply) => reply.includes('classicmodels.offices'))).toBe(true);
    const service = lab.cluster().store.get('services', 'default', 'mysql');
    expect(service.spec.selector).toEqual({ app: 'mysql' });
  }, 180_000);

  it('restores a CSI snapshot through spec.dataSource', async () => {
    await freshLab(lab.cluster());
    const classes = lab.cluster().store.list('storageclasses.storage.k8s.io').items;
    const csiClass = classes.find((candidate) => candidate.provisioner === 'pxd.portworx.com')?.metadata.name;
    expect(csiClass).toBeDefined();
    await snapshotTarget(CSI_TARGET, 'csi-before-drop');
    await dropClassicmodels('drop-safety-csi', CSI_TARGET);

    const run = await restoreRun('csi-before-drop', 'csi-restore', CSI_TARGET);
    await runRestore(run.context);

    expect(await countOffices(restoredPodIp('csi-restore'))).toBe(7);
    expect(run.job.data.restore?.comparison?.matching).toContain('classicmodels.offices');
    const claim = lab.cluster().store.get('persistentvolumeclaims', 'default', 'csi-restore-data');
    expect(claim.spec.dataSource).toMatchObject({ kind: 'VolumeSnapshot', name: 'csi-before-drop' });
    expect(claim.spec.storageClassName).toBe(csiClass);
  }, 180_000);

  it('fails and names the table whose fingerprint differs', async () => {
    await freshLab(lab.cluster());
    await snapshotTarget(LAB_TARGET, 'edited');
    const snapshot = lab.cluster().store.get(STORK_SNAPSHOTS, 'default', 'edited');
    const fingerprint = JSON.parse(snapshot.metadata.annotations['pxmysql.io/fingerprint']);
    fingerprint.tables[0].rowCount += 1;
    lab.cluster().store.update(STORK_SNAPSHOTS, { ...snapshot, metadata: { ...snapshot.metadata, annotations: { ...snapshot.metadata.annotations, 'pxmysql.io/fingerprint': JSON.stringify(fingerprint) } } });

    const run = await restoreRun('edited', 'edited-restore');
    const failure = runRestore(run.context);

    await expect(failure).rejects.toMatchObject({ code: 'restore_verify_failed' });
    await expect(failure).rejects.toThrow(/classicmodels\.offices/);
    expect(run.job.data.restore?.completedSteps).toEqual(['read-snapshot', 'create-pvc', 'create-deployment', 'wait-ready']);
  }, 180_000);

  it('resumes after every stored state and creates nothing twice', async () => {
    await freshLab(lab.cluster());
    await snapshotTarget(LAB_TARGET, 'resume');
    const run = await restoreRun('resume', 'resume-restore');
    run.job.crashAfterEachStore = true;

    let crashes = 0;
    for (;;) {
      try {
        await runRestore({ ...run.context, data: run.job.data });
        break;
      } catch (error) {
        if (!(error instanceof SimulatedCrash)) throw error;
        crashes += 1;
      }
    }

    expect(crashes).toBe(7);
    expect(run.job.data.restore?.comparison?.equal).toBe(true);

    // Re-run from the state stored after read-snapshot: the PVC and the Deployment exist already.
    const afterRead = run.job.stored.find((stored) => stored.restore?.completedSteps.length === 1);
    const rerun = await labJobContext(lab.cluster(), run.job.id, structuredClone(afterRead as RestoreJobData));
    await runRestore(rerun.context);
    expect(rerun.job.data.restore?.claimCreated).toBe(false);
    expect(rerun.job.data.restore?.deploymentCreated).toBe(false);
    const claims = lab.cluster().store.list('persistentvolumeclaims', { namespace: 'default' }).items;
    expect(claims.filter((claim) => claim.metadata.name.startsWith('resume-restore'))).toHaveLength(1);
    const deployments = lab.cluster().store.list('deployments.apps', { namespace: 'default' }).items;
    expect(deployments.filter((deployment) => deployment.metadata.name.startsWith('resume-restore'))).toHaveLength(1);
  }, 240_000);

  it('promotes the restored Deployment in its own job', async () => {
    await freshLab(lab.cluster());
    await snapshotTarget(LAB_TARGET, 'promote-me');
    const restore = await restoreRun('promote-me', 'promoted');
    await runRestore(restore.context);

    const { jobId, fields } = requestFields('promote');
    const data: PromoteJobData = { ...fields, operation: 'promote', restoreName: 'promoted' };
    const run = await labJobContext(lab.cluster(), jobId, data);
    await runPromote(run.context);

    const service = lab.cluster().store.get('services', 'default', 'mysql');
    expect(service.spec.selector).toEqual({ app: 'promoted' });
    const old = lab.cluster().store.get('deployments.apps', 'default', 'mysql');
    expect(old.spec.replicas).toBe(0);
    expect(old.metadata.annotations['pxmysql.io/replicas-before-promote']).toBe('1');
    expect(run.job.data.promote?.promotion?.previousSelector).toEqual({ app: 'mysql' });
  }, 180_000);
});
