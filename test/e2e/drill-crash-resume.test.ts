import { Queue } from 'bullmq';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { DRILL_LABEL, DRILL_STEPS, type RestoreDrillJobData } from '../../jobs/drill/drill-data.js';
import type { StoreEvent } from '../../src/lab/apiserver/store-history.js';
import type { Lab } from '../../src/lab/launcher/start-lab.js';
import type { LabMessage } from '../../src/lab/slack/message-types.js';
import { jobIdFor, type JobData, type Operation } from '../../src/queue/job-data.js';
import { CRASH_AFTER_STEP_VARIABLE } from '../../src/runtime/step-runner.js';
import { startCrashLab, type CrashLab } from '../support/crash-lab.js';
import { waitFor } from '../support/lab-approvals.js';
import { startWorkerProcess, type WorkerProcess } from '../support/worker-process.js';

const NAMESPACE = 'default';
/** Steps after which the worker is killed: with only the clone, with the checked data, and after teardown. */
const CRASH_STEPS = ['create-deployment', 'check-data', 'teardown'] as const;

describe('restore drill resumed after a worker crash', () => {
  let crashLab: CrashLab;
  let lab: Lab;
  let environment: Record<string, string>;
  let queue: Queue<JobData>;
  let workers: WorkerProcess[] = [];

  beforeAll(async () => {
    crashLab = await startCrashLab('pxmysql-drill-crash-');
    lab = crashLab.lab;
    queue = crashLab.queue;
    environment = crashLab.workerEnvironment;

    const worker = startWorkerProcess('source snapshot', environment);
    try {
      const parent = await startJob('snapshot', '/pxmysql snapshot orders-db drill-crash-source');
      expect(await finalState(parent)).toBe('succeeded');
    } finally {
      await worker.stop();
    }
  }, 240_000);

  beforeEach(({ onTestFailed }) => {
    workers = [];
    onTestFailed(() => {
      for (const worker of workers) console.error(`--- ${worker.label} worker (pid ${worker.pid}) output tail:\n${worker.tail(60)}`);
    });
  });

  afterEach(async () => {
    for (const worker of workers) await worker.stop();
  });

  afterAll(async () => {
    await crashLab?.stop();
  });

  /** Sends a command as oncall and returns the job's parent message and id. */
  async function startJob(operation: Operation, text: string): Promise<{ parent: LabMessage; jobId: string }> {
    const command = await lab.slack.sendSlashCommand({ user: 'oncall', text });
    expect(command.delivery.ok).toBe(true);
    const parent = await waitFor(`the parent message of ${text}`, () =>
      lab.slack.messages
        .list(command.channel)
        .find((message) => message.metadata?.event_type === 'pxmysql_job' && message.metadata.event_payload.trigger_id === command.triggerId),
    );
    return { parent, jobId: jobIdFor(operation, command.triggerId) };
  }

  async function finalState(started: { parent: LabMessage }): Promise<unknown> {
    const { parent } = started;
    return await waitFor(
      'the job to finish',
      () => {
        const state = lab.slack.messages.find(parent.channel, parent.ts)?.metadata?.event_payload.state;
        return state === 'succeeded' || state === 'failed' ? state : undefined;
      },
      120_000,
    );
  }

  function threadOf(parent: LabMessage): string[] {
    return lab.slack.messages
      .list(parent.channel)
      .filter((message) => message.thread_ts === parent.ts && message.ts !== parent.ts)
      .map((message) => message.text);
  }

  function drillObjects(): string[] {
    const left: string[] = [];
    for (const resource of ['deployments.apps', 'replicasets.apps', 'pods', 'persistentvolumeclaims']) {
      for (const object of lab.cluster.store.list(resource, { namespace: NAMESPACE }).items) {
        const name = String(object.metadata.name);
        if (object.metadata.labels?.[DRILL_LABEL] !== undefined || name.includes('-drill-')) left.push(`${resource}/${name}`);
      }
    }
    return left;
  }

  for (const step of CRASH_STEPS) {
    it(`finishes after a kill after ${step}`, { timeout: 180_000 }, async () => {
      const added: StoreEvent[] = [];
      const stop = lab.cluster.store.subscribe((event) => {
        if (event.type === 'ADDED' && ['deployments', 'persistentvolumeclaims'].includes(event.resource.plural)) added.push(event);
      });
      try {
        const crashing = startWorkerProcess(`crash after ${step}`, { ...environment, [CRASH_AFTER_STEP_VARIABLE]: step });
        workers.push(crashing);
        const started = await startJob('restore-drill', '/pxmysql drill');
        expect((await crashing.waitForExit(90_000)).signal).toBe('SIGKILL');

        workers.push(startWorkerProcess('resuming', environment));
        expect(await finalState(started)).toBe('succeeded');

        const data = (await queue.getJob(started.jobId))?.data as RestoreDrillJobData;
        expect(data.drill?.completedSteps).toEqual([...DRILL_STEPS]);
        const name = data.drill?.drillName;
        // The resumed job reuses the scratch objects of the killed one: one PVC and one Deployment in all.
        expect(added.map((event) => `${event.resource.plural}/${String(event.object.metadata.name)}`).sort()).toEqual([`deployments/${name}`, `persistentvolumeclaims/${name}-data`]);
        expect(drillObjects()).toEqual([]);

        const replies = threadOf(started.parent);
        expect(replies.filter((text) => text.includes('Restore drill of `orders-db` passed'))).toHaveLength(1);
        expect(replies.some((text) => text.includes('No drill object is left'))).toBe(true);
      } finally {
        stop();
      }
    });
  }
});
