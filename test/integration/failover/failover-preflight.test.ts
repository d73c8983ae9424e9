import { PatchStrategy, PolicyV1Api, setHeaderOptions } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { CORDONED_BY_ANNOTATION } from '../../../jobs/failover/cordon-annotation.js';
import type { FailoverState } from '../../../jobs/failover/failover-data.js';
import { createFailoverHandler } from '../../../jobs/failover/run-failover.js';
import { isPxmysqlError } from '../../../src/errors.js';
import { MYSQL_NODE_NAME } from '../../../src/lab/cluster/lab-topology.js';
import { labKubeConfig } from '../../../src/lab/kubeconfig.js';
import type { LabCluster } from '../../../src/lab/cluster/start-lab-cluster.js';
import { LAB_NODE_NAMES, SimulatedCrash, core, countOffices, failoverRun, freshLab, isCordoned, useLab, waitUntil } from './failover-harness.js';

const lab = useLab();
const runFailover = createFailoverHandler({ pollIntervalMs: 500, replacementDeadlineMs: 60_000, mysqlReadyDeadlineMs: 60_000 });
const [NVXM, SLKB] = LAB_NODE_NAMES;

async function failoverError(cluster: LabCluster, options: { force?: boolean } = {}): Promise<{ code: unknown; message: string; kind: unknown; state: FailoverState | undefined }> {
  const run = await failoverRun(cluster, options);
  const error = await runFailover(run.context).then(
    () => undefined,
    (thrown: unknown) => thrown,
  );
  return {
    code: isPxmysqlError(error) ? error.code : error,
    kind: isPxmysqlError(error) ? error.kind : undefined,
    message: error instanceof Error ? error.message : String(error),
    state: run.job.data.failover,
  };
}

async function waitForNodeNotReady(cluster: LabCluster, node: string): Promise<void> {
  await waitUntil(`node ${node} to be NotReady`, async () => {
    const current = await core(cluster).readNode({ name: node });
    return !(current.status?.conditions ?? []).some((condition) => condition.type === 'Ready' && condition.status === 'True');
  });
}

async function cordon(cluster: LabCluster, node: string, annotations: Record<string, string> = {}): Promise<void> {
  const body = { spec: { unschedulable: true }, metadata: { annotations } };
  await core(cluster).patchNode({ name: node, body }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch));
}

describe('failover preflight on the lab', () => {
  it('rejects a volume whose replication is not Up', { timeout: 60_000 }, async () => {
    const cluster = lab.cluster();
    await freshLab(cluster);
    cluster.runtime.nodes.setDown(NVXM, true);
    await waitForNodeNotReady(cluster, NVXM);

    const result = await failoverError(cluster);

    expect(result.code).toBe('failover_replication_not_up');
    expect(result.kind).toBe('user');
    expect(result.message).toContain('replication is Degraded, not Up');
    expect(result.state).toBeUndefined();
    expect(await isCordoned(cluster, MYSQL_NODE_NAME)).toBe(false);
  });

  it('rejects when no other replica node is schedulable', { timeout: 60_000 }, async () => {
    const cluster = lab.cluster();
    await freshLab(cluster);
    await cordon(cluster, NVXM);
    await cordon(cluster, SLKB);

    const result = await failoverError(cluster);

    expect(result.code).toBe('failover_no_target_node');
    expect(result.message).toContain(`${NVXM}: Ready, cordoned`);
    expect(result.message).toContain(`${SLKB}: Ready, cordoned`);
    expect(await isCordoned(cluster, MYSQL_NODE_NAME)).toBe(false);
  });

  it('rejects a PodDisruptionBudget with minAvailable 1', { timeout: 60_000 }, async () => {
    const cluster = lab.cluster();
    const podName = await freshLab(cluster);
    const policy = labKubeConfig(cluster.url).makeApiClient(PolicyV1Api);
    await policy.createNamespacedPodDisruptionBudget({
      namespace: 'default',
      body: { metadata: { name: 'mysql-pdb' }, spec: { minAvailable: 1, selector: { matchLabels: { app: 'mysql' } } } },
    });

    const result = await failoverError(cluster);

    expect(result.code).toBe('failover_disruption_budget');
    expect(result.message).toContain('mysql-pdb (disruptionsAllowed 0)');
    expect(result.message).toContain(podName);
    const pods = await core(cluster).listNamespacedPod({ namespace: 'default', labelSelector: 'app=mysql' });
    expect(pods.items.map((pod) => pod.metadata?.name)).toEqual([podName]);
  });

  it('leaves a node cordoned before the job cordoned', { timeout: 120_000 }, async () => {
    const cluster = lab.cluster();
    await freshLab(cluster);
    await cordon(cluster, MYSQL_NODE_NAME);
    const run = await failoverRun(cluster);

    await runFailover(run.context);

    const state = run.job.data.failover as FailoverState;
    expect(state.completedSteps).toContain('report');
    expect(state.cordonedByThisJob).toBe(false);
    expect(await isCordoned(cluster, MYSQL_NODE_NAME)).toBe(true);
    expect(await run.replies()).toContain(`Node \`${MYSQL_NODE_NAME}\` was cordoned before this job, so it stays cordoned.`);
  });

  it('recognizes its own cordon after a crash before storing it', { timeout: 120_000 }, async () => {
    const cluster = lab.cluster();
    await freshLab(cluster);
    const run = await failoverRun(cluster);
    run.job.crashAfterEachStore = true;
    for (let attempt = 0; attempt < 2; attempt += 1) {
      await expect(runFailover({ ...run.context, data: run.job.data })).rejects.toBeInstanceOf(SimulatedCrash);
    }
    expect(run.job.data.failover?.completedSteps).toEqual(['preflight', 'fingerprint']);

    // What a worker that patched the node and died before storing the step leaves behind.
    await cordon(cluster, MYSQL_NODE_NAME, { [CORDONED_BY_ANNOTATION]: run.job.id });
    run.job.crashAfterEachStore = false;
    await runFailover({ ...run.context, data: run.job.data });

    expect(run.job.data.failover?.cordonedByThisJob).toBe(true);
    expect(await isCordoned(cluster, MYSQL_NODE_NAME)).toBe(false);
    const node = await core(cluster).readNode({ name: MYSQL_NODE_NAME });
    expect(node.metadata?.annotations?.[CORDONED_BY_ANNOTATION]).toBeUndefined();
  });

  it('force moves MySQL off a node that is down', { timeout: 120_000 }, async () => {
    const cluster = lab.cluster();
    const oldPodName = await freshLab(cluster);
    cluster.runtime.nodes.setDown(MYSQL_NODE_NAME, true);
    await waitForNodeNotReady(cluster, MYSQL_NODE_NAME);

    const rejected = await failoverError(cluster);
    expect(rejected.code).toBe('failover_node_not_ready');

    const run = await failoverRun(cluster, { force: true });
    await runFailover(run.context);

    const state = run.job.data.failover as FailoverState;
    expect(state.completedSteps).toContain('report');
    expect(state.oldPod?.name).toBe(oldPodName);
    expect(state.oldNodeReady).toBe(false);
    expect(state.replicationStatus).toBe('Degraded');
    expect(state.fingerprint).toBeUndefined();
    expect(state.fingerprintSkippedReason).toContain('could not connect to MySQL');
    expect(state.newPod?.nodeName).not.toBe(MYSQL_NODE_NAME);
    expect(state.verification?.attachedNode).toBe(state.newPod?.nodeName);
    expect(await isCordoned(cluster, MYSQL_NODE_NAME)).toBe(false);
    const old = await core(cluster).listNamespacedPod({ namespace: 'default', fieldSelector: `metadata.name=${oldPodName}` });
    expect(old.items).toEqual([]);
    expect(await countOffices(state.newPod?.ip as string)).toBe(7);

    const replies = await run.replies();
    expect(replies.some((text) => text.startsWith(`Force-deleted pod \`${oldPodName}\``))).toBe(true);
    expect(replies.some((text) => text.startsWith(':warning: No fingerprint taken'))).toBe(true);
    cluster.runtime.nodes.setDown(MYSQL_NODE_NAME, false);
  });
});
