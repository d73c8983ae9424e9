import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectToMysql } from '../../src/mysql/connect.js';
import { clickAndWaitForReply, liveMysqlPod, requestFailover as requestApproved, waitFor } from '../support/lab-approvals.js';
import { startTestLab, type TestLab } from '../support/test-lab.js';

/** Runs a statement on the Ready pod of the Deployment labelled `app`, as root. */
async function queryPod(lab: TestLab, app: string, sql: string): Promise<unknown[]> {
  const pod = await waitFor(`a Ready ${app} pod`, () =>
    lab.lab.cluster.store
      .list('pods', { namespace: 'default', labelSelector: `app=${app}` })
      .items.find((candidate) => candidate.metadata.deletionTimestamp === undefined && candidate.status?.conditions?.some((c: { type: string; status: string }) => c.type === 'Ready' && c.status === 'True')),
  );
  const connection = await connectToMysql({ host: pod.status.podIP, port: 3306, user: 'root', password: 'password', connectTimeoutMs: 2_000 });
  try {
    const [rows] = await connection.query(sql);
    return rows as unknown[];
  } finally {
    await connection.end();
  }
}

/** Sends a command that needs an approval as oncall, approves it as approver, and returns what lab send printed. */
async function approved(lab: TestLab, text: string): Promise<{ code: number; output: string }> {
  const request = await requestApproved(lab, 'oncall', text);
  const click = await clickAndWaitForReply(lab, 'approver', 'pxmysql_approve');
  expect(click.isError).toBe(false);
  return await request.finished;
}

describe.each(['stork', 'csi'] as const)('the runbook as chat with %s snapshots', (snapshotApi) => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await startTestLab({ delivery: 'socket', snapshotApi });
  });
  afterAll(async () => {
    await lab?.stop();
  });

  it('snapshot, drop and restore keep the data', { timeout: 180_000 }, async () => {
    liveMysqlPod(lab);
    const snapshot = await lab.send('oncall', '/pxmysql snapshot orders-db before-drop', { timeoutMs: 60_000 });
    expect(snapshot.output).toContain('before-drop');
    expect(snapshot.code).toBe(0);

    const listed = await lab.send('viewer', '/pxmysql snapshots');
    expect(listed.output).toContain('before-drop');
    expect(listed.code).toBe(0);

    const drop = await approved(lab, '/pxmysql drop classicmodels');
    expect(drop.output).toContain('classicmodels');
    expect(drop.code).toBe(0);
    const databases = await queryPod(lab, 'mysql', "SHOW DATABASES LIKE 'classicmodels'");
    expect(databases).toHaveLength(0);

    const restore = await approved(lab, '/pxmysql restore before-drop --as restored-db');
    expect(restore.output).toContain('classicmodels.offices');
    expect(restore.code).toBe(0);
    const offices = await queryPod(lab, 'restored-db', 'SELECT COUNT(*) AS offices FROM classicmodels.offices');
    expect(String((offices[0] as { offices: unknown }).offices)).toBe('7');
  });
});

describe('expand through chat', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await startTestLab({ delivery: 'http' });
  });
  afterAll(async () => {
    await lab?.stop();
  });

  it('grows the PVC to 2Gi and refuses a shrink and a no-op', { timeout: 120_000 }, async () => {
    const grown = await lab.send('oncall', '/pxmysql expand 2Gi', { timeoutMs: 60_000 });
    expect(grown.output).toContain('2.0 GiB');
    expect(grown.code).toBe(0);
    const pvc = lab.lab.cluster.store.get('persistentvolumeclaims', 'default', 'px-mysql-pvc');
    expect(pvc.status.capacity.storage).toBe('2Gi');
    const pv = lab.lab.cluster.store.get('persistentvolumes', undefined, pvc.spec.volumeName);
    expect(pv.spec.capacity.storage).toBe('2Gi');

    const shrink = await lab.send('oncall', '/pxmysql expand 1Gi', { timeoutMs: 60_000 });
    expect(shrink.code).toBe(1);
    expect(shrink.output).toContain('1Gi');

    const same = await lab.send('oncall', '/pxmysql expand 2Gi', { timeoutMs: 60_000 });
    expect(same.code).toBe(1);

    const slip = await lab.send('oncall', '/pxmysql expand 3GB', { timeoutMs: 60_000 });
    expect(slip.output).toContain('3Gi');
    expect(slip.code).toBe(0);
  });
});

describe('restore with --promote', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await startTestLab({ delivery: 'socket' });
  });
  afterAll(async () => {
    await lab?.stop();
  });

  it('asks for a second approval before switching the Service', { timeout: 180_000 }, async () => {
    const snapshot = await lab.send('oncall', '/pxmysql snapshot orders-db promote-source', { timeoutMs: 60_000 });
    expect(snapshot.code).toBe(0);

    const afterRestore = lab.lab.slack.messages.lastSeq();
    const restore = await approved(lab, '/pxmysql restore promote-source --as promoted-db --promote');
    expect(restore.code).toBe(0);
    const service = () => lab.lab.cluster.store.get('services', 'default', 'mysql');
    expect(service().spec.selector).toEqual({ app: 'mysql' });

    const promoteApproval = await waitFor('the promote approval message', () =>
      lab.lab.slack.messages
        .eventsAfter(afterRestore)
        .find((event) => event.kind === 'message' && event.message?.metadata?.event_payload['operation'] === 'promote'),
    );
    expect(promoteApproval.message?.metadata?.event_payload['state']).toBe('pending');
    const click = await clickAndWaitForReply(lab, 'approver', 'pxmysql_approve');
    expect(click.isError).toBe(false);

    await waitFor('the Service to select the restored pods', () => service().spec.selector.app === 'promoted-db', 60_000);
    const old = lab.lab.cluster.store.get('deployments.apps', 'default', 'mysql');
    expect(old.spec.replicas).toBe(0);
  });
});
