import { Queue } from 'bullmq';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { FAILOVER_STEPS, type FailoverJobData } from '../../jobs/failover/failover-data.js';
import type { Locale } from '../../src/config/app-config.js';
import type { KubeObject } from '../../src/lab/apiserver/kube-object.js';
import type { StoreEvent } from '../../src/lab/apiserver/store-history.js';
import type { Lab } from '../../src/lab/launcher/start-lab.js';
import type { LabMessage } from '../../src/lab/slack/message-types.js';
import { connectToMysql } from '../../src/mysql/connect.js';
import { jobIdFor, type JobData } from '../../src/queue/job-data.js';
import { CRASH_AFTER_STEP_VARIABLE } from '../../src/runtime/step-runner.js';
import { userText } from '../../src/slack/user-text.js';
import { startCrashLab, type CrashLab } from '../support/crash-lab.js';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process.js';
import { waitFor as waitUntil } from '../support/lab-approvals.js';

const MYSQL_NAMESPACE = 'default';
const MYSQL_SELECTOR = 'app=mysql';
const OFFICES_IN_SAMPLE_DATA = 7;

interface PodRecord {
  name: string;
  uid: string;
  nodeName: string;
}

describe('failover resumed after a worker crash', () => {
  let crashLab: CrashLab;
  let lab: Lab;
  let workerEnvironment: Record<string, string>;
  let queue: Queue<JobData>;
  /** Workers of the running test. afterEach stops any still running, and a failed test prints their output. */
  let workers: WorkerProcess[] = [];

  beforeAll(async () => {
    crashLab = await startCrashLab('pxmysql-crash-resume-');
    lab = crashLab.lab;
    queue = crashLab.queue;
    workerEnvironment = crashLab.workerEnvironment;
  }, 180_000);

  beforeEach(() => {
    workers = [];
  });

  afterEach(async () => {
    for (const worker of workers) await worker.stop();
  });

  afterAll(async () => {
    await crashLab?.stop();
  });

  for (const step of FAILOVER_STEPS) {
    it(`finishes after a kill after ${step}`, { timeout: 90_000 }, async ({ onTestFailed }) => {
      const store = lab.cluster.store;
      const oldPod = await waitFor('one Ready MySQL pod', 30_000, () => singleServingPod(lab));

      // Every MySQL pod whose deletion starts during this test, by uid, once per deletion.
      const deletions: string[] = [];
      const unsubscribe = store.subscribe((event) => {
        if (isDeletionStart(event)) deletions.push(event.object.metadata.uid as string);
      });

      let approval: LabMessage | undefined;
      let jobData: FailoverJobData | undefined;
      onTestFailed(() => {
        const thread = approval === undefined ? [] : threadOf(lab, approval).map((message) => `  ${message.text}`);
        console.error(
          [
            `failover with a kill after ${step} failed; old pod ${oldPod.name} (uid ${oldPod.uid}) on ${oldPod.nodeName}`,
            `deletions seen: ${JSON.stringify(deletions)}`,
            `job data: ${JSON.stringify(jobData?.failover?.completedSteps ?? 'not read')}`,
            `thread:\n${thread.join('\n')}`,
            ...workers.map((worker) => `--- ${worker.label} worker (pid ${worker.pid}, exit ${JSON.stringify(worker.exit())}) output tail:\n${worker.tail(60)}`),
          ].join('\n'),
        );
      });

      try {
        const crashing = startWorkerProcess(`crash after ${step}`, { ...workerEnvironment, [CRASH_AFTER_STEP_VARIABLE]: step });
        workers.push(crashing);

        const command = await lab.slack.sendSlashCommand({ user: 'oncall', text: '/pxmysql failover' });
        expect(command.delivery.ok).toBe(true);
        approval = await waitFor('the approval message', 15_000, () =>
          lab.slack.messages
            .list(command.channel)
            .find((message) => message.metadata?.event_type === 'pxmysql_approval' && message.metadata.event_payload.trigger_id === command.triggerId),
        );
        // The job's parent message is this approval message, whose metadata the job replaces with its own.
        const approvalId = approval.metadata?.event_payload.approval_id as string;
        const target = approval.metadata?.event_payload.target as string;
        const click = await lab.slack.click({ user: 'approver', action: 'pxmysql_approve' });
        expect(click.delivery.ok).toBe(true);
        expect(click.messageTs).toBe(approval.ts);

        const crashExit = await crashing.waitForExit(30_000);
        expect(crashExit.signal).toBe('SIGKILL');

        const resuming = startWorkerProcess('resuming', workerEnvironment);
        workers.push(resuming);
        const parent = approval;
        const finalState = await waitFor('the job to finish', 45_000, () => {
          const state = lab.slack.messages.find(parent.channel, parent.ts)?.metadata?.event_payload.state;
          return state === 'succeeded' || state === 'failed' ? state : undefined;
        });
        expect(finalState).toBe('succeeded');

        const jobId = jobIdFor('failover', approvalId);
        expect(lab.slack.messages.find(parent.channel, parent.ts)?.metadata?.event_payload.job_id).toBe(jobId);
        // The parent turns succeeded inside the job, before the worker releases the target lock and
        // BullMQ records the job as completed, so wait for that state rather than read it once.
        const state = await waitUntil('the job to be completed in BullMQ', async () => {
          const current = await (await queue.getJob(jobId))?.getState();
          return current === 'completed' || current === 'failed' ? current : undefined;
        }, 15_000);
        expect(state).toBe('completed');
        const job = await queue.getJob(jobId);
        jobData = job?.data as FailoverJobData | undefined;
        expect(jobData?.failover?.completedSteps).toEqual([...FAILOVER_STEPS]);

        // The old pod is the only MySQL pod deleted, and it is deleted once.
        const newPod = singleServingPod(lab);
        expect(newPod).toBeDefined();
        expect(newPod?.uid).not.toBe(oldPod.uid);
        expect(deletions).toEqual([oldPod.uid]);
        expect(newPod?.nodeName).not.toBe(oldPod.nodeName);
        expect(jobData?.failover?.newPod?.name).toBe(newPod?.name);

        const oldNode = store.get('nodes', undefined, oldPod.nodeName);
        expect(oldNode.spec?.unschedulable).not.toBe(true);

        const podIp = store.get('pods', MYSQL_NAMESPACE, newPod?.name as string).status?.podIP as string;
        expect(await countOffices(podIp)).toBe(OFFICES_IN_SAMPLE_DATA);

        const locale = jobData?.locale as Locale;
        const replies = threadOf(lab, parent).map((message) => message.text);
        const summaryTitle = userText(locale, 'failover.report.title', { target, oldNode: oldPod.nodeName, newNode: newPod?.nodeName as string });
        expect(replies.filter((text) => text === summaryTitle)).toHaveLength(1);
        // NOTE: a progress reply queued right before the kill can be lost, so this allows zero "Deleted pod" replies.
        const deletedText = userText(locale, 'failover.delete.done', { pod: oldPod.name, uid: oldPod.uid, node: oldPod.nodeName });
        expect(replies.filter((text) => text === deletedText).length).toBeLessThanOrEqual(1);
        const goneText = userText(locale, 'failover.delete.gone', { pod: oldPod.name, uid: oldPod.uid, node: oldPod.nodeName });
        expect(replies).not.toContain(goneText);

        const resumedExit = await resuming.stop();
        expect(resumedExit).toEqual({ code: 0, signal: null });

        // The next test starts from one pod, so wait until the old one is removed.
        await waitFor(`old pod ${oldPod.name} to be removed`, 30_000, () => (store.find('pods', MYSQL_NAMESPACE, oldPod.name) === undefined ? true : undefined));
      } finally {
        unsubscribe();
      }
    });
  }
});

/** Returns the only MySQL pod that is Ready and not being deleted, or undefined when there is not exactly one. */
function singleServingPod(lab: Lab): PodRecord | undefined {
  const pods = lab.cluster.store
    .list('pods', { namespace: MYSQL_NAMESPACE, labelSelector: MYSQL_SELECTOR })
    .items.filter((pod) => pod.metadata.deletionTimestamp === undefined && isReady(pod));
  const [pod] = pods;
  if (pods.length !== 1 || pod === undefined) return undefined;
  return { name: pod.metadata.name as string, uid: pod.metadata.uid as string, nodeName: pod.spec?.nodeName as string };
}

function isReady(pod: KubeObject): boolean {
  const conditions = (pod.status?.conditions ?? []) as Array<{ type?: string; status?: string }>;
  return conditions.some((condition) => condition.type === 'Ready' && condition.status === 'True');
}

/** True for the event that starts a MySQL pod's deletion: a deletionTimestamp appears, or the pod is removed at once. */
function isDeletionStart(event: StoreEvent): boolean {
  if (event.resource.plural !== 'pods' || event.object.metadata?.labels?.app !== 'mysql') return false;
  const hadTimestamp = event.previous?.metadata?.deletionTimestamp !== undefined;
  if (event.type === 'DELETED') return !hadTimestamp;
  return event.object.metadata?.deletionTimestamp !== undefined && !hadTimestamp;
}

function threadOf(lab: Lab, parent: LabMessage): LabMessage[] {
  return lab.slack.messages.list(parent.channel).filter((message) => message.thread_ts === parent.ts && message.ts !== parent.ts);
}

async function countOffices(host: string): Promise<number> {
  const connection = await connectToMysql({ host, port: 3306, user: 'root', password: 'password', connectTimeoutMs: 5_000 });
  try {
    const [rows] = await connection.query('SELECT COUNT(*) AS offices FROM classicmodels.offices');
    return Number((rows as Array<{ offices: number | string }>)[0]?.offices);
  } finally {
    await connection.end();
  }
}

/** Polls `read` every 100 ms until it returns a value other than undefined; throws naming `what` at the deadline. */
async function waitFor<T>(what: string, timeoutMs: number, read: () => T | undefined): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = read();
    if (value !== undefined) return value;
    if (Date.now() >= deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

