import { AppsV1Api, CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import { Queue } from 'bullmq';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DROP_STEPS, type DropJobData } from '../../jobs/drop/drop-data.js';
import { EXPAND_STEPS, type ExpandJobData } from '../../jobs/expand/expand-data.js';
import { RESTORE_STEPS, type RestoreJobData } from '../../jobs/restore/restore-data.js';
import { SNAPSHOT_STEPS, type SnapshotJobData } from '../../jobs/snapshot/snapshot-data.js';
import { readSnapshotRecord } from '../../jobs/snapshot/snapshot-records.js';
import { snapshotSummary } from '../../jobs/snapshot/snapshot-report.js';
import { isNotFound } from '../../src/kube/kube-errors.js';
import type { KubeObject } from '../../src/lab/apiserver/kube-object.js';
import type { StoreEvent } from '../../src/lab/apiserver/store-history.js';
import { labKubeConfig } from '../../src/lab/kubeconfig.js';
import type { Lab } from '../../src/lab/launcher/start-lab.js';
import type { LabMessage } from '../../src/lab/slack/message-types.js';
import { connectToMysql } from '../../src/mysql/connect.js';
import { jobIdFor, type JobData, type Operation } from '../../src/queue/job-data.js';
import { CRASH_AFTER_STEP_VARIABLE } from '../../src/runtime/step-runner.js';
import { inlineCode, userText } from '../../src/slack/user-text.js';
import { startCrashLab, type CrashLab } from '../support/crash-lab.js';
import { waitFor } from '../support/lab-approvals.js';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process.js';

const TARGET = 'orders-db';
const NAMESPACE = 'default';
const TARGET_PVC = 'px-mysql-pvc';
const OFFICES_IN_SAMPLE_DATA = 7;

/** A job that a command started, found by its parent message. */
interface StartedJob {
  operation: Operation;
  /** The thread's parent: the job's own message, or the approval message for approved operations. */
  parent: LabMessage;
  jobId: string;
}

/** A job that a second worker finished after the first one was killed. */
interface ResumedJob<Data> {
  parent: LabMessage;
  jobId: string;
  data: Data;
  /** Text of every reply in the job's thread, in posting order. */
  replies: string[];
}

describe('storage jobs resumed after a worker crash', () => {
  let crashLab: CrashLab;
  let lab: Lab;
  let kubeConfig: KubeConfig;
  let workerEnvironment: Record<string, string>;
  let queue: Queue<JobData>;
  /** Workers of the running test. afterEach stops any still running, and a failed test prints their output. */
  let workers: WorkerProcess[] = [];
  /** Lines a failed test prints besides the worker output. A function, such as the one that reads the job's thread, runs only at failure. */
  let diagnostics: Array<string | (() => string)> = [];

  beforeAll(async () => {
    crashLab = await startCrashLab('pxmysql-storage-crash-');
    lab = crashLab.lab;
    queue = crashLab.queue;
    workerEnvironment = crashLab.workerEnvironment;
    kubeConfig = labKubeConfig(lab.cluster.url);
  }, 180_000);

  beforeEach(({ onTestFailed }) => {
    workers = [];
    diagnostics = [];
    onTestFailed(({ task }) => {
      console.error(
        [
          `${task.name} failed`,
          ...diagnostics.map((line) => (typeof line === 'string' ? line : line())),
          ...workers.map((worker) => `--- ${worker.label} worker (pid ${worker.pid}, exit ${JSON.stringify(worker.exit())}) output tail:\n${worker.tail(60)}`),
        ].join('\n'),
      );
    });
  });

  afterEach(async () => {
    for (const worker of workers) await worker.stop();
  });

  afterAll(async () => {
    await crashLab?.stop();
  });

  /** Sends a command that enqueues a job at once and waits for the job's parent message. */
  async function startUnapprovedJob(operation: Operation, text: string): Promise<StartedJob> {
    const command = await lab.slack.sendSlashCommand({ user: 'oncall', text });
    expect(command.delivery.ok).toBe(true);
    const parent = await waitFor(`the parent message of ${text}`, () =>
      lab.slack.messages
        .list(command.channel)
        .find((message) => message.metadata?.event_type === 'pxmysql_job' && message.metadata.event_payload.trigger_id === command.triggerId),
    );
    return { operation, parent, jobId: jobIdFor(operation, command.triggerId) };
  }

  /** Sends a command that needs an approval, approves it as `approver` and returns the approval message as the parent. */
  async function startApprovedJob(operation: Operation, text: string): Promise<StartedJob> {
    const command = await lab.slack.sendSlashCommand({ user: 'oncall', text });
    expect(command.delivery.ok).toBe(true);
    const approval = await waitFor(`the approval message of ${text}`, () =>
      lab.slack.messages
        .list(command.channel)
        .find((message) => message.metadata?.event_type === 'pxmysql_approval' && message.metadata.event_payload.trigger_id === command.triggerId),
    );
    const approvalId = approval.metadata?.event_payload.approval_id as string;
    const click = await lab.slack.click({ user: 'approver', action: 'pxmysql_approve' });
    expect(click.delivery.ok).toBe(true);
    expect(click.messageTs).toBe(approval.ts);
    return { operation, parent: approval, jobId: jobIdFor(operation, approvalId) };
  }

  /**
   * Starts a worker that kills itself right after storing `step`, starts the job with `start`,
   * then starts a normal worker and waits until it has finished the job. Returns the job's final
   * data and thread.
   */
  async function runWithCrash<Data>(step: string, start: () => Promise<StartedJob>): Promise<ResumedJob<Data>> {
    const crashing = startWorkerProcess(`crash after ${step}`, { ...workerEnvironment, [CRASH_AFTER_STEP_VARIABLE]: step });
    workers.push(crashing);
    const { parent, jobId } = await start();
    diagnostics.push(`job ${jobId}, parent message ${parent.ts}`);
    diagnostics.push(() => `thread:\n${threadOf(parent).map((text) => `  ${text}`).join('\n')}`);

    const crashExit = await crashing.waitForExit(60_000);
    expect(crashExit.signal).toBe('SIGKILL');

    const resuming = startWorkerProcess('resuming', workerEnvironment);
    workers.push(resuming);
    const finalState = await waitFor(
      'the job to finish',
      () => {
        const state = lab.slack.messages.find(parent.channel, parent.ts)?.metadata?.event_payload.state;
        return state === 'succeeded' || state === 'failed' ? state : undefined;
      },
      90_000,
    );
    expect(finalState).toBe('succeeded');
    expect(lab.slack.messages.find(parent.channel, parent.ts)?.metadata?.event_payload.job_id).toBe(jobId);

    // The parent turns succeeded inside the job, before the worker releases the target lock and
    // BullMQ records the job as completed, so wait for that state rather than read it once.
    const state = await waitFor(
      'the job to be completed in BullMQ',
      async () => {
        const current = await (await queue.getJob(jobId))?.getState();
        return current === 'completed' || current === 'failed' ? current : undefined;
      },
      15_000,
    );
    expect(state).toBe('completed');
    const job = await queue.getJob(jobId);
    const data = job?.data as Data;
    diagnostics.push(`job data: ${JSON.stringify(data)}`);

    const resumedExit = await resuming.stop();
    expect(resumedExit).toEqual({ code: 0, signal: null });
    return { parent, jobId, data, replies: threadOf(parent) };
  }

  function threadOf(parent: LabMessage): string[] {
    return lab.slack.messages
      .list(parent.channel)
      .filter((message) => message.thread_ts === parent.ts && message.ts !== parent.ts)
      .map((message) => message.text);
  }

  /** Records the store events that `keep` selects until `stop` is called. */
  function recordEvents(keep: (event: StoreEvent) => boolean): { events: StoreEvent[]; stop: () => void } {
    const events: StoreEvent[] = [];
    const stop = lab.cluster.store.subscribe((event) => {
      if (keep(event)) events.push(event);
    });
    return { events, stop };
  }

  /** Runs one SQL statement as root on the target's Ready MySQL pod. */
  async function queryTarget(sql: string): Promise<unknown[]> {
    return await queryApp('mysql', sql);
  }

  /** Runs one SQL statement as root on the Ready pod labelled `app=<app>`. */
  async function queryApp(app: string, sql: string): Promise<unknown[]> {
    const pod = await waitFor(`a Ready ${app} pod`, () => readyPods(app)[0], 60_000);
    const connection = await connectToMysql({ host: pod.status?.podIP as string, port: 3306, user: 'root', password: 'password', connectTimeoutMs: 5_000 });
    try {
      const [rows] = await connection.query(sql);
      return rows as unknown[];
    } finally {
      await connection.end();
    }
  }

  function readyPods(app: string): KubeObject[] {
    return lab.cluster.store
      .list('pods', { namespace: NAMESPACE, labelSelector: `app=${app}` })
      .items.filter((pod) => pod.metadata.deletionTimestamp === undefined && isReady(pod));
  }

  describe('snapshot', () => {
    for (const [index, step] of SNAPSHOT_STEPS.entries()) {
      it(`finishes after a kill after ${step}`, { timeout: 150_000 }, async () => {
        const name = `crash-snapshot-${index + 1}`;
        const created = recordEvents((event) => event.type === 'ADDED' && event.resource.plural === 'volumesnapshots');
        try {
          const resumed = await runWithCrash<SnapshotJobData>(step, () => startUnapprovedJob('snapshot', `/pxmysql snapshot ${TARGET} ${name}`));
          expect(resumed.data.snapshot?.completedSteps).toEqual([...SNAPSHOT_STEPS]);

          // One VolumeSnapshot is created during the case, with the requested name, and it is ready with a fingerprint.
          expect(created.events.map((event) => event.object.metadata.name)).toEqual([name]);
          const record = await readSnapshotRecord(kubeConfig, NAMESPACE, name);
          expect(record?.ready).toBe(true);
          expect(record?.fingerprint).toBeDefined();
          expect(record?.fingerprint?.tables.length).toBeGreaterThan(0);
          expect(record?.createdByJob).toBe(resumed.jobId);
          expect(resumed.data.snapshot?.result?.fingerprint).toEqual(record?.fingerprint);

          // The report step delivers its summary before it is stored as done, so the summary is posted once.
          const result = resumed.data.snapshot?.result;
          if (result === undefined) throw new Error('the job data has no snapshot result');
          const summary = snapshotSummary(resumed.data.locale, TARGET, result, lab.config.targets[TARGET]?.snapshots.appConsistent ?? true);
          expect(resumed.replies.filter((text) => text === summary.text)).toHaveLength(1);
        } finally {
          created.stop();
        }
      });
    }
  });

  describe('expand', () => {
    for (const step of EXPAND_STEPS) {
      it(`finishes after a kill after ${step}`, { timeout: 150_000 }, async () => {
        const before = lab.cluster.store.get('persistentvolumeclaims', NAMESPACE, TARGET_PVC);
        const size = `${gibibytes(before.spec?.resources?.requests?.storage as string) + 1}Gi`;
        diagnostics.push(`expand from ${before.spec?.resources?.requests?.storage} to ${size}`);
        const requestChanges = recordEvents(
          (event) =>
            event.type === 'MODIFIED' &&
            event.resource.plural === 'persistentvolumeclaims' &&
            event.object.metadata.name === TARGET_PVC &&
            event.previous?.spec?.resources?.requests?.storage !== event.object.spec?.resources?.requests?.storage,
        );
        try {
          const resumed = await runWithCrash<ExpandJobData>(step, () => startUnapprovedJob('expand', `/pxmysql expand ${size}`));
          expect(resumed.data.expand?.completedSteps).toEqual([...EXPAND_STEPS]);
          expect(resumed.data.expand?.patchedByThisJob).toBe(true);
          expect(resumed.data.expand?.newCapacity).toBe(size);

          const pvc = lab.cluster.store.get('persistentvolumeclaims', NAMESPACE, TARGET_PVC);
          expect(pvc.spec?.resources?.requests?.storage).toBe(size);
          expect(pvc.status?.capacity?.storage).toBe(size);
          const pv = lab.cluster.store.get('persistentvolumes', undefined, pvc.spec?.volumeName as string);
          expect(pv.spec?.capacity?.storage).toBe(size);

          // The PVC's request changes once: the resumed job does not patch it again.
          expect(requestChanges.events.map((event) => event.object.spec?.resources?.requests?.storage)).toEqual([size]);
        } finally {
          requestChanges.stop();
        }
      });
    }
  });

  describe('drop', () => {
    for (const [index, step] of DROP_STEPS.entries()) {
      it(`finishes after a kill after ${step}`, { timeout: 150_000 }, async () => {
        const database = `scratch_${index + 1}`;
        await queryTarget(`CREATE DATABASE ${database}`);
        await queryTarget(`CREATE TABLE ${database}.t (i INT PRIMARY KEY)`);
        await queryTarget(`INSERT INTO ${database}.t VALUES (1), (2), (3)`);

        const created = recordEvents((event) => event.type === 'ADDED' && event.resource.plural === 'volumesnapshots');
        try {
          const resumed = await runWithCrash<DropJobData>(step, () => startApprovedJob('drop', `/pxmysql drop ${database}`));
          expect(resumed.data.drop?.completedSteps).toEqual([...DROP_STEPS]);

          // One safety snapshot is taken, under the name the approval message showed, and it is ready.
          const safetySnapshot = resumed.data.drop?.safetySnapshot?.name;
          expect(safetySnapshot).toBe(resumed.data.safetySnapshotName);
          expect(created.events.map((event) => event.object.metadata.name)).toEqual([resumed.data.safetySnapshotName]);
          const record = await readSnapshotRecord(kubeConfig, NAMESPACE, resumed.data.safetySnapshotName);
          expect(record?.ready).toBe(true);
          expect(record?.createdByJob).toBe(resumed.jobId);

          expect(await queryTarget(`SHOW DATABASES LIKE '${database}'`)).toHaveLength(0);
          const offices = await queryTarget('SELECT COUNT(*) AS offices FROM classicmodels.offices');
          expect(Number((offices[0] as { offices: unknown }).offices)).toBe(OFFICES_IN_SAMPLE_DATA);

          const report = userText(resumed.data.locale, 'drop.report.done', {
            database: inlineCode(database),
            target: inlineCode(TARGET),
            snapshot: inlineCode(resumed.data.safetySnapshotName),
          });
          expect(resumed.replies.filter((text) => text === report)).toHaveLength(1);
        } finally {
          created.stop();
        }
      });
    }
  });

  describe('restore', () => {
    const sourceSnapshot = 'crash-restore-source';

    beforeAll(async () => {
      const worker = startWorkerProcess('source snapshot', workerEnvironment);
      try {
        const started = await startUnapprovedJob('snapshot', `/pxmysql snapshot ${TARGET} ${sourceSnapshot}`);
        const state = await waitFor(
          `snapshot ${sourceSnapshot} to finish`,
          () => {
            const current = lab.slack.messages.find(started.parent.channel, started.parent.ts)?.metadata?.event_payload.state;
            return current === 'succeeded' || current === 'failed' ? current : undefined;
          },
          90_000,
        );
        if (state !== 'succeeded') throw new Error(`the source snapshot ${sourceSnapshot} ended as ${String(state)}, not succeeded. Worker output:\n${worker.tail(60)}`);
      } finally {
        await worker.stop();
      }
    }, 120_000);

    for (const [index, step] of RESTORE_STEPS.entries()) {
      it(`finishes after a kill after ${step}`, { timeout: 180_000 }, async () => {
        const restoreName = `crash-restored-${index + 1}`;
        const claimName = `${restoreName}-data`;
        const created = recordEvents(
          (event) => event.type === 'ADDED' && ['deployments', 'persistentvolumeclaims', 'pods'].includes(event.resource.plural) && event.object.metadata.namespace === NAMESPACE,
        );
        try {
          const resumed = await runWithCrash<RestoreJobData>(step, () => startApprovedJob('restore', `/pxmysql restore ${sourceSnapshot} --as ${restoreName}`));
          const restore = resumed.data.restore;
          expect(restore?.completedSteps).toEqual([...RESTORE_STEPS]);
          expect(restore?.deploymentName).toBe(restoreName);
          expect(restore?.claimName).toBe(claimName);

          // One PVC, one Deployment and one pod are created, all for this restore.
          const createdNames = (plural: string) => created.events.filter((event) => event.resource.plural === plural).map((event) => event.object.metadata.name);
          expect(createdNames('persistentvolumeclaims')).toEqual([claimName]);
          expect(createdNames('deployments')).toEqual([restoreName]);
          const createdPods = created.events.filter((event) => event.resource.plural === 'pods');
          expect(createdPods.map((event) => event.object.metadata.labels?.app)).toEqual([restoreName]);

          const pods = readyPods(restoreName);
          expect(pods.map((pod) => pod.metadata.uid)).toEqual([restore?.pod?.uid]);

          // The verify step compared the restored tables with the snapshot's fingerprint, and all matched.
          expect(restore?.verifySkipped).toBe(false);
          expect(restore?.comparison?.equal).toBe(true);
          const tables = restore?.source?.fingerprint?.tables.length ?? 0;
          expect(tables).toBeGreaterThan(0);
          expect(restore?.comparison?.matching).toHaveLength(tables);
          const report = userText(resumed.data.locale, 'restore.report.done', {
            deployment: inlineCode(restoreName),
            snapshot: inlineCode(sourceSnapshot),
            matching: tables,
          });
          expect(resumed.replies.filter((text) => text === report)).toHaveLength(1);

          const offices = await queryApp(restoreName, 'SELECT COUNT(*) AS offices FROM classicmodels.offices');
          expect(Number((offices[0] as { offices: unknown }).offices)).toBe(OFFICES_IN_SAMPLE_DATA);
        } finally {
          created.stop();
          await removeRestore(restoreName, claimName);
        }
      });
    }

    /** Deletes the restored Deployment and PVC, so that the next case does not run one more MySQL server. */
    async function removeRestore(restoreName: string, claimName: string): Promise<void> {
      const apps = kubeConfig.makeApiClient(AppsV1Api);
      const core = kubeConfig.makeApiClient(CoreV1Api);
      await apps.deleteNamespacedDeployment({ name: restoreName, namespace: NAMESPACE, propagationPolicy: 'Foreground' }).catch(ignoreNotFound);
      await waitFor(`the ${restoreName} pods to be removed`, () => lab.cluster.store.list('pods', { namespace: NAMESPACE, labelSelector: `app=${restoreName}` }).items.length === 0, 60_000);
      await core.deleteNamespacedPersistentVolumeClaim({ name: claimName, namespace: NAMESPACE }).catch(ignoreNotFound);
    }
  });
});

/** Ignores a 404, which a case that failed before creating the object leaves, and rethrows any other error. */
function ignoreNotFound(error: unknown): void {
  if (!isNotFound(error)) throw error;
}

function isReady(pod: KubeObject): boolean {
  const conditions = (pod.status?.conditions ?? []) as Array<{ type?: string; status?: string }>;
  return conditions.some((condition) => condition.type === 'Ready' && condition.status === 'True');
}

/** Parses a whole number of GiB such as `2Gi`. Throws for any other quantity, because this test sets only whole Gi. */
function gibibytes(quantity: string): number {
  const match = /^(\d+)Gi$/.exec(quantity);
  if (match === null) throw new Error(`expected a quantity in whole Gi, got ${JSON.stringify(quantity)}`);
  return Number(match[1]);
}
