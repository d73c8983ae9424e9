import { describe, expect, it } from 'vitest';
import { DRILL_LABEL, DRILL_STEPS, type RestoreDrillJobData } from '../../../jobs/drill/drill-data.js';
import { createDrillCompensation, createDrillHandler } from '../../../jobs/drill/run-drill.js';
import { takeSnapshot } from '../../../jobs/snapshot/take-snapshot.js';
import { setNodeUnschedulable } from '../../../src/kube/set-node-unschedulable.js';
import type { StoreEvent } from '../../../src/lab/apiserver/store-history.js';
import { labKubeConfig } from '../../../src/lab/kubeconfig.js';
import { captureLogger } from '../../support/capture-logger.js';
import { core, freshLab, LAB_NODE_NAMES, LAB_TARGET, useLab } from '../failover/failover-harness.js';
import { labJobContext, requestFields, SimulatedCrash } from '../restore/restore-harness.js';

const lab = useLab();
/** Short deadlines so a drill whose pod cannot start fails within seconds. */
const SHORT = { readyDeadlineMs: 3_000, pollIntervalMs: 200, mysqlWaitMs: 20_000, teardownDeadlineMs: 30_000, teardownPollIntervalMs: 200 };

async function snapshotTarget(name: string): Promise<void> {
  const context = { target: LAB_TARGET, kubeConfig: labKubeConfig(lab.cluster().url), logger: captureLogger('info').logger };
  await takeSnapshot(context, { name, jobId: `snapshot-${name}` }, { pollIntervalMs: 100 });
}

async function drillRun() {
  const { jobId, fields } = requestFields('restore-drill');
  const data: RestoreDrillJobData = {
    operation: 'restore-drill',
    target: fields.target,
    requestedBy: fields.requestedBy,
    channel: fields.channel,
    triggerId: fields.triggerId,
    locale: fields.locale,
  };
  return await labJobContext(lab.cluster(), jobId, data);
}

/** Drill objects left in the namespace, as `resource/name`. */
function drillObjects(): string[] {
  const left: string[] = [];
  for (const resource of ['deployments.apps', 'replicasets.apps', 'pods', 'persistentvolumeclaims']) {
    for (const object of lab.cluster().store.list(resource, { namespace: 'default' }).items) {
      const name = String(object.metadata.name);
      if (object.metadata.labels?.[DRILL_LABEL] !== undefined || name.includes('-drill-')) left.push(`${resource}/${name}`);
    }
  }
  return left;
}

function recordAdded(plurals: string[]): { names: () => string[]; stop: () => void } {
  const events: StoreEvent[] = [];
  const stop = lab.cluster().store.subscribe((event) => {
    if (event.type === 'ADDED' && plurals.includes(event.resource.plural)) events.push(event);
  });
  return { names: () => events.map((event) => `${event.resource.plural}/${String(event.object.metadata.name)}`), stop };
}

describe('restore drill job on the lab', () => {
  it('resumes after a crash after every step', async () => {
    await freshLab(lab.cluster());
    await snapshotTarget('drill-crash');
    const run = await drillRun();
    run.job.crashAfterEachStore = true;
    const handler = createDrillHandler(SHORT);
    const added = recordAdded(['deployments', 'persistentvolumeclaims']);

    let crashes = 0;
    try {
      for (let attempt = 0; attempt < DRILL_STEPS.length + 1; attempt += 1) {
        try {
          await handler({ ...run.context, data: run.job.data });
          break;
        } catch (error) {
          if (!(error instanceof SimulatedCrash)) throw error;
          crashes += 1;
        }
      }
    } finally {
      added.stop();
    }

    expect(crashes).toBe(DRILL_STEPS.length);
    expect(run.job.data.drill?.completedSteps).toEqual([...DRILL_STEPS]);
    expect(run.job.data.drill?.check?.differingTables).toEqual([]);
    expect(run.job.data.drill?.check?.tablesChecked).toBeGreaterThan(0);
    const drillName = run.job.data.drill?.drillName;
    expect(added.names().sort()).toEqual([`deployments/${drillName}`, `persistentvolumeclaims/${drillName}-data`]);
    expect(drillObjects()).toEqual([]);

    const replies = await run.replies();
    expect(replies.filter((reply) => reply.includes('Restore drill of `orders-db` passed'))).toHaveLength(1);
  }, 240_000);

  it('cleans up when the pod never becomes ready', async () => {
    await freshLab(lab.cluster());
    await snapshotTarget('drill-unschedulable');
    const nodes = core(lab.cluster());
    for (const node of LAB_NODE_NAMES) await setNodeUnschedulable(nodes, node, true);
    try {
      const run = await drillRun();
      const error = await createDrillHandler(SHORT)(run.context).then(
        () => undefined,
        (failure: unknown) => failure,
      );
      expect(error).toMatchObject({ code: 'restore_ready_timeout' });
      expect(run.job.data.drill?.completedSteps).toEqual(['pick-snapshot', 'create-pvc', 'create-deployment']);
      expect(drillObjects().length).toBeGreaterThan(0);

      await createDrillCompensation(SHORT)({ ...run.context, data: run.job.data }, error);
      expect(drillObjects()).toEqual([]);
      expect(run.job.data.drill?.tornDown).toBe(true);
      const replies = await run.replies();
      expect(replies.some((reply) => reply.includes('The drill failed, so its scratch objects were deleted'))).toBe(true);
    } finally {
      for (const node of LAB_NODE_NAMES) await setNodeUnschedulable(nodes, node, false);
    }
  }, 120_000);

  it('fails without a ready snapshot', async () => {
    await freshLab(lab.cluster());
    const run = await drillRun();
    const error = await createDrillHandler(SHORT)(run.context).then(
      () => undefined,
      (failure: unknown) => failure,
    );
    expect(error).toMatchObject({ code: 'drill_no_snapshot', messageKey: 'drill.failed.noSnapshot' });

    await createDrillCompensation(SHORT)({ ...run.context, data: run.job.data }, error);
    expect(drillObjects()).toEqual([]);
    expect(await run.replies()).toEqual([]);
  }, 60_000);
});
