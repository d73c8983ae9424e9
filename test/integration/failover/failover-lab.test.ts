import { describe, expect, it } from 'vitest';
import { compensateFailover } from '../../../jobs/failover/compensate-failover.js';
import type { FailoverState } from '../../../jobs/failover/failover-data.js';
import { createFailoverHandler } from '../../../jobs/failover/run-failover.js';
import { isPxmysqlError } from '../../../src/errors.js';
import { MYSQL_NODE_NAME } from '../../../src/lab/cluster/lab-topology.js';
import type { StoreEvent } from '../../../src/lab/apiserver/store-history.js';
import { connectToMysql } from '../../../src/mysql/connect.js';
import { readSentinel } from '../../../src/mysql/sentinel.js';
import { SimulatedCrash, core, countOffices, failoverRun, freshLab, isCordoned, useLab, waitUntil } from './failover-harness.js';

const lab = useLab();
const runFailover = createFailoverHandler({ pollIntervalMs: 500, replacementDeadlineMs: 60_000, mysqlReadyDeadlineMs: 60_000 });

describe('failover on the lab', () => {
  it('moves MySQL to another replica node', { timeout: 120_000 }, async () => {
    const cluster = lab.cluster();
    const oldPodName = await freshLab(cluster);
    const run = await failoverRun(cluster);

    await runFailover(run.context);

    const state = run.job.data.failover as FailoverState;
    expect(state.completedSteps).toEqual(['preflight', 'fingerprint', 'cordon-node', 'delete-pod', 'wait-for-replacement', 'verify', 'uncordon-node', 'report']);
    expect(state.oldPod?.name).toBe(oldPodName);
    expect(state.oldPod?.nodeName).toBe(MYSQL_NODE_NAME);
    expect(state.newPod?.nodeName).not.toBe(MYSQL_NODE_NAME);
    expect(state.replicaNodes).toContain(state.newPod?.nodeName);
    expect(state.cordonedByThisJob).toBe(true);
    expect(state.uncordoned).toBe(true);
    expect(state.verification?.comparison?.equal).toBe(true);
    expect(state.verification?.comparison?.matching).toContain('classicmodels.offices');
    expect(state.verification?.newNodeHoldsReplica).toBe(true);
    expect(state.verification?.attachedNode).toBe(state.newPod?.nodeName);
    expect(await isCordoned(cluster, MYSQL_NODE_NAME)).toBe(false);

    const newPod = await core(cluster).readNamespacedPod({ name: state.newPod?.name as string, namespace: 'default' });
    expect(newPod.spec?.nodeName).toBe(state.newPod?.nodeName);
    expect(await countOffices(newPod.status?.podIP as string)).toBe(7);
    const connection = await connectToMysql({ host: newPod.status?.podIP as string, port: 3306, user: 'root', password: 'password', connectTimeoutMs: 5_000 });
    const sentinel = await readSentinel(connection, run.job.id);
    await connection.end();
    expect(sentinel?.writtenAt.toISOString()).toBe(state.sentinelAt);

    const replies = await run.replies();
    expect(replies.some((text) => text.startsWith(`Cordoned node \`${MYSQL_NODE_NAME}\``))).toBe(true);
    expect(replies.some((text) => text.includes(`Deleted pod \`${oldPodName}\``))).toBe(true);
    expect(replies.some((text) => text.includes('Replacement pod') && text.includes(state.newPod?.nodeName as string))).toBe(true);
    expect(replies.some((text) => text.startsWith(`Uncordoned node \`${MYSQL_NODE_NAME}\``))).toBe(true);
    expect(replies.some((text) => text.includes(`Failover of \`orders-db\` done: \`${MYSQL_NODE_NAME}\` → \`${state.newPod?.nodeName}\``))).toBe(true);
    expect(replies.some((text) => text.includes('`pxctl volume inspect` after the failover'))).toBe(true);
  });

  it('keeps the node cordoned when asked', { timeout: 120_000 }, async () => {
    const cluster = lab.cluster();
    await freshLab(cluster);
    const run = await failoverRun(cluster, { keepCordoned: true });

    await runFailover(run.context);

    const state = run.job.data.failover as FailoverState;
    expect(state.completedSteps).toContain('report');
    expect(state.cordonedByThisJob).toBe(true);
    expect(state.uncordoned).toBe(false);
    expect(await isCordoned(cluster, MYSQL_NODE_NAME)).toBe(true);
    expect(await run.replies()).toContain(`Node \`${MYSQL_NODE_NAME}\` stays cordoned, as requested.`);
  });

  it('resumes after a crash after each step', { timeout: 180_000 }, async () => {
    const cluster = lab.cluster();
    const oldPodName = await freshLab(cluster);
    const oldUid = (await core(cluster).readNamespacedPod({ name: oldPodName, namespace: 'default' })).metadata?.uid;
    const deletedUids = new Set<string>();
    const unsubscribe = cluster.store.subscribe((event: StoreEvent) => {
      if (event.resource.plural !== 'pods' || event.object.metadata?.labels?.app !== 'mysql') return;
      const startedDeleting = event.object.metadata?.deletionTimestamp !== undefined && event.previous?.metadata?.deletionTimestamp === undefined;
      if (startedDeleting || (event.type === 'DELETED' && event.previous?.metadata?.deletionTimestamp === undefined)) deletedUids.add(event.object.metadata.uid);
    });

    const run = await failoverRun(cluster);
    run.job.crashAfterEachStore = true;
    const completedPerRun: string[][] = [];
    try {
      for (let attempt = 0; attempt < 8; attempt += 1) {
        const resumed = { ...run.context, data: run.job.data };
        await expect(runFailover(resumed)).rejects.toBeInstanceOf(SimulatedCrash);
        completedPerRun.push(run.job.data.failover?.completedSteps ?? []);
      }
    } finally {
      unsubscribe();
    }

    expect(completedPerRun.map((steps) => steps.length)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    const state = run.job.data.failover as FailoverState;
    expect([...deletedUids]).toEqual([oldUid]);
    expect(await isCordoned(cluster, MYSQL_NODE_NAME)).toBe(false);
    expect(state.verification?.comparison?.equal).toBe(true);

    const pods = await core(cluster).listNamespacedPod({ namespace: 'default', labelSelector: 'app=mysql' });
    const live = pods.items.filter((pod) => pod.metadata?.deletionTimestamp === undefined);
    expect(live.map((pod) => pod.metadata?.uid)).toEqual([state.newPod?.uid]);
    expect(await countOffices(live[0]?.status?.podIP as string)).toBe(7);

    const replies = await run.replies();
    expect(replies.filter((text) => text.startsWith('Deleted pod')).length).toBe(1);
    expect(replies.filter((text) => text.startsWith('Cordoned node')).length).toBe(1);
  });

  it('treats an already deleted pod as done on resume', { timeout: 120_000 }, async () => {
    const cluster = lab.cluster();
    const oldPodName = await freshLab(cluster);
    const run = await failoverRun(cluster);
    run.job.crashAfterEachStore = true;
    for (let attempt = 0; attempt < 3; attempt += 1) {
      await expect(runFailover({ ...run.context, data: run.job.data })).rejects.toBeInstanceOf(SimulatedCrash);
    }
    expect(run.job.data.failover?.completedSteps).toEqual(['preflight', 'fingerprint', 'cordon-node']);

    // A worker that deleted the pod and died before storing the step leaves exactly this behind.
    const uid = run.job.data.failover?.oldPod?.uid as string;
    await core(cluster).deleteNamespacedPod({ name: oldPodName, namespace: 'default', body: { preconditions: { uid } } });
    await waitUntil('the old pod to be removed', async () => {
      const list = await core(cluster).listNamespacedPod({ namespace: 'default', fieldSelector: `metadata.name=${oldPodName}` });
      return list.items.length === 0;
    });
    run.job.crashAfterEachStore = false;
    await runFailover({ ...run.context, data: run.job.data });

    const state = run.job.data.failover as FailoverState;
    expect(state.completedSteps).toContain('report');
    expect(state.verification?.comparison?.equal).toBe(true);
    expect(await isCordoned(cluster, MYSQL_NODE_NAME)).toBe(false);
    const replies = await run.replies();
    expect(replies.filter((text) => text.startsWith('Deleted pod')).length).toBe(0);
    expect(replies.filter((text) => text.includes('was already deleted')).length).toBe(1);
    expect(state.podAlreadyGone).toBe(true);
  });

  it('compensates when the replacement deadline passes', { timeout: 120_000 }, async () => {
    const cluster = lab.cluster();
    const oldPodName = await freshLab(cluster);
    const run = await failoverRun(cluster);
    const impatient = createFailoverHandler({ pollIntervalMs: 100, replacementDeadlineMs: 1 });

    const error = await impatient(run.context).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(isPxmysqlError(error) ? error.code : error).toBe('failover_replacement_timeout');
    const state = run.job.data.failover as FailoverState;
    expect(state.completedSteps).toEqual(['preflight', 'fingerprint', 'cordon-node', 'delete-pod']);
    expect(await isCordoned(cluster, MYSQL_NODE_NAME)).toBe(true);

    await compensateFailover(run.context, state, error);

    expect(await isCordoned(cluster, MYSQL_NODE_NAME)).toBe(false);
    expect(run.job.data.failover?.completedSteps).toEqual(['preflight', 'fingerprint', 'delete-pod']);
    expect(run.job.data.failover?.cordonedByThisJob).toBe(false);
    const report = (await run.replies()).at(-1) ?? '';
    expect(report).toContain('The failover stopped');
    expect(report).toContain(`Node \`${MYSQL_NODE_NAME}\` was uncordoned, because this job had cordoned it.`);
    expect(report).toContain(`Node \`${MYSQL_NODE_NAME}\` is schedulable`);
    expect(report).toMatch(new RegExp(`old pod \`${oldPodName}\` .* (was deleted|is Terminating)`));
  });
});
