import { describe, expect, it } from 'vitest';
import type { DropJobData } from '../../../jobs/drop/drop-data.js';
import { runDrop } from '../../../jobs/drop/run-drop.js';
import { readSnapshotRecord } from '../../../jobs/snapshot/snapshot-records.js';
import { labKubeConfig } from '../../../src/lab/kubeconfig.js';
import { connectToMysql } from '../../../src/mysql/connect.js';
import { freshLab, LAB_TARGET, useLab } from '../failover/failover-harness.js';
import { labJobContext, requestFields, SimulatedCrash } from '../restore/restore-harness.js';

const lab = useLab();

function podIp(name: string): string {
  return lab.cluster().store.get('pods', 'default', name).status.podIP as string;
}

async function databases(ip: string): Promise<string[]> {
  const connection = await connectToMysql({ host: ip, port: 3306, user: 'root', password: 'password', connectTimeoutMs: 5_000 });
  try {
    const [rows] = await connection.query('SHOW DATABASES');
    return (rows as Array<{ Database: string }>).map((row) => row.Database);
  } finally {
    await connection.end();
  }
}

function dropData(database: string, safetySnapshotName: string) {
  const { jobId, fields } = requestFields('drop');
  const data: DropJobData = { ...fields, operation: 'drop', database, safetySnapshotName };
  return { jobId, data };
}

describe('drop job on the lab', () => {
  it('takes the safety snapshot, then drops the database', async () => {
    const pod = await freshLab(lab.cluster());
    const { jobId, data } = dropData('classicmodels', 'drop-classicmodels-safety');
    const run = await labJobContext(lab.cluster(), jobId, data);

    await runDrop(run.context);

    const replies = await run.replies();
    expect(replies.some((reply) => reply.includes('drop-classicmodels-safety') && reply.includes('ready'))).toBe(true);
    const snapshot = await readSnapshotRecord(labKubeConfig(lab.cluster().url), 'default', 'drop-classicmodels-safety');
    expect(snapshot?.ready).toBe(true);
    expect(snapshot?.fingerprint?.databases).toContain('classicmodels');
    expect(await databases(podIp(pod))).not.toContain('classicmodels');
    expect(run.job.data.drop?.completedSteps).toEqual(['safety-snapshot', 'drop-database', 'report']);
    expect(run.job.data.drop?.tablesBefore).toBe(1);
    expect(run.job.data.drop?.alreadyGone).toBe(false);
  }, 120_000);

  it('resumes after a crash at every stored state without repeating work', async () => {
    await freshLab(lab.cluster());
    const { jobId, data } = dropData('classicmodels', 'drop-resume-safety');
    const run = await labJobContext(lab.cluster(), jobId, data);
    run.job.crashAfterEachStore = true;

    let crashes = 0;
    for (;;) {
      try {
        await runDrop({ ...run.context, data: run.job.data });
        break;
      } catch (error) {
        if (!(error instanceof SimulatedCrash)) throw error;
        crashes += 1;
      }
    }

    expect(crashes).toBeGreaterThanOrEqual(3);
    const stork = lab.cluster().store.list('volumesnapshots.volumesnapshot.external-storage.k8s.io', { namespace: 'default' }).items;
    expect(stork.filter((item) => item.metadata.name === 'drop-resume-safety')).toHaveLength(1);
    expect(run.job.data.drop?.completedSteps).toEqual(['safety-snapshot', 'drop-database', 'report']);

    // Re-run from the state stored just before DROP DATABASE was sent: the database is gone by now.
    const beforeDrop = run.job.stored.find((stored) => stored.drop?.dropStartedAt !== undefined && stored.drop.completedSteps.length === 1);
    expect(beforeDrop).toBeDefined();
    const rerun = await labJobContext(lab.cluster(), jobId, structuredClone(beforeDrop as DropJobData));
    await runDrop(rerun.context);
    expect(rerun.job.data.drop?.alreadyGone).toBe(true);
    expect(rerun.job.data.drop?.completedSteps).toEqual(['safety-snapshot', 'drop-database', 'report']);
  }, 120_000);

  it.each(['mysql', 'bad '])('rejects database %j before any snapshot', async (database) => {
    const pod = await freshLab(lab.cluster());
    const { jobId, data } = dropData(database, 'drop-rejected-safety');
    const run = await labJobContext(lab.cluster(), jobId, data);

    await expect(runDrop(run.context)).rejects.toMatchObject({ kind: 'user' });
    expect(await databases(podIp(pod))).toContain('mysql');
    const stork = lab.cluster().store.list('volumesnapshots.volumesnapshot.external-storage.k8s.io', { namespace: 'default' }).items;
    expect(stork.some((item) => item.metadata.name === 'drop-rejected-safety')).toBe(false);
  }, 60_000);

  it('fails for a database that does not exist', async () => {
    await freshLab(lab.cluster());
    const { jobId, data } = dropData('no_such_db', 'drop-missing-safety');
    const run = await labJobContext(lab.cluster(), jobId, data);

    await expect(runDrop(run.context)).rejects.toMatchObject({ code: 'drop_database_not_found' });
    const stork = lab.cluster().store.list('volumesnapshots.volumesnapshot.external-storage.k8s.io', { namespace: 'default' }).items;
    expect(stork.some((item) => item.metadata.name === 'drop-missing-safety')).toBe(false);
  }, 60_000);
});
