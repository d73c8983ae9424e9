import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DRILL_LABEL } from '../../jobs/drill/drill-data.js';
import { AuditLog } from '../../src/audit/audit-log.js';
import { SNAPSHOT_ANNOTATIONS } from '../../src/kube/volume-snapshots.js';
import type { Fingerprint } from '../../src/mysql/fingerprint.js';
import { captureLogger } from '../support/capture-logger.js';
import { labRedis } from '../support/lab-approvals.js';
import { startTestLab, type TestLab } from '../support/test-lab.js';

const NAMESPACE = 'default';
const CSI_SNAPSHOTS = 'volumesnapshots.snapshot.storage.k8s.io';

/** Lists every object in the namespace that carries the drill label or has a drill name, as `resource/name`. */
function drillObjects(lab: TestLab): string[] {
  const left: string[] = [];
  for (const resource of ['deployments.apps', 'replicasets.apps', 'pods', 'persistentvolumeclaims']) {
    for (const object of lab.lab.cluster.store.list(resource, { namespace: NAMESPACE }).items) {
      const name = String(object.metadata.name);
      if (object.metadata.labels?.[DRILL_LABEL] !== undefined || name.includes('-drill-')) left.push(`${resource}/${name}`);
    }
  }
  return left;
}

describe('restore drill through chat', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await startTestLab({ delivery: 'socket', snapshotApi: 'csi' });
  });
  afterAll(async () => {
    await lab?.stop();
  });

  it('fails clearly without a ready snapshot', { timeout: 60_000 }, async () => {
    const drill = await lab.send('oncall', '/pxmysql drill orders-db', { timeoutMs: 45_000 });
    expect(drill.output).toContain('has no ready snapshot');
    expect(drill.output).toContain('/pxmysql snapshot orders-db');
    expect(drill.code).toBe(1);
    expect(drillObjects(lab)).toEqual([]);
  });

  it('rejects a viewer', { timeout: 30_000 }, async () => {
    const drill = await lab.send('viewer', '/pxmysql drill');
    expect(drill.output).toContain('`operator`');
    expect(drill.code).toBe(1);
  });

  it('restores, checks and removes the scratch copy', { timeout: 180_000 }, async () => {
    const snapshot = await lab.send('oncall', '/pxmysql snapshot orders-db drill-source', { timeoutMs: 60_000 });
    expect(snapshot.code).toBe(0);

    const drill = await lab.send('oncall', '/pxmysql drill', { timeoutMs: 150_000 });
    expect(drill.output).toContain('drill-source');
    expect(drill.output).toContain('Restore drill of `orders-db` passed');
    expect(drill.output).toMatch(/`CHECK TABLE` passed on (\d+) of \1 table\(s\)/);
    expect(drill.output).toMatch(/Fingerprint: all \d+ table\(s\) match/);
    expect(drill.output).toContain('Recovery point age:');
    expect(drill.output).toContain('Time to restore:');
    expect(drill.output).toContain('No drill object is left');
    expect(drill.code).toBe(0);
    expect(drillObjects(lab)).toEqual([]);

    // The target's own Deployment still runs its one pod.
    const targetPods = lab.lab.cluster.store.list('pods', { namespace: NAMESPACE, labelSelector: 'app=mysql' }).items;
    expect(targetPods.filter((pod) => pod.metadata.deletionTimestamp === undefined)).toHaveLength(1);

    const redis = labRedis(lab);
    try {
      const recent = await new AuditLog(redis, captureLogger('warn').logger).recent({ count: 100 });
      const drillEntries = recent.filter((entry) => entry.operation === 'restore-drill').reverse();
      const succeeded = drillEntries.filter((entry) => entry.type === 'job-end' && entry.outcome === 'succeeded');
      expect(succeeded).toHaveLength(1);
      const start = drillEntries.find((entry) => entry.type === 'job-start' && entry.jobId === succeeded[0]?.jobId);
      expect(start).toMatchObject({ target: 'orders-db' });
    } finally {
      redis.disconnect();
    }
  });

  it('reports differing tables and still cleans up', { timeout: 180_000 }, async () => {
    // A snapshot cut while a client changed `offices` after the fingerprint was read: the recorded
    // fingerprint then disagrees with the data in the snapshot, which is what a drill must catch.
    const snapshot = await lab.send('oncall', '/pxmysql snapshot orders-db drifted', { timeoutMs: 60_000 });
    expect(snapshot.code).toBe(0);
    const stored = lab.lab.cluster.store.get(CSI_SNAPSHOTS, NAMESPACE, 'drifted');
    const fingerprint = JSON.parse(stored.metadata.annotations[SNAPSHOT_ANNOTATIONS.fingerprint]) as Fingerprint;
    const offices = fingerprint.tables.find((table) => table.database === 'classicmodels' && table.table === 'offices');
    if (offices === undefined) throw new Error('the recorded fingerprint has no classicmodels.offices');
    offices.rowCount -= 1;
    lab.lab.cluster.store.update(CSI_SNAPSHOTS, {
      ...stored,
      metadata: { ...stored.metadata, annotations: { ...stored.metadata.annotations, [SNAPSHOT_ANNOTATIONS.fingerprint]: JSON.stringify(fingerprint) } },
    });

    const drill = await lab.send('oncall', '/pxmysql drill orders-db', { timeoutMs: 150_000 });
    expect(drill.output).toContain('drifted');
    expect(drill.output).toContain('Restore drill of `orders-db` failed');
    expect(drill.output).toMatch(/Fingerprint: 1 table\(s\) differ from the fingerprint recorded on the snapshot: classicmodels\.offices/);
    expect(drill.output).toContain('No drill object is left');
    expect(drill.code).toBe(1);
    expect(drillObjects(lab)).toEqual([]);
  });
});
