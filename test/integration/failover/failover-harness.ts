import { randomUUID } from 'node:crypto';
import { CoreV1Api } from '@kubernetes/client-node';
import { afterAll, beforeAll } from 'vitest';
import type { FailoverJob, FailoverJobContext } from '../../../jobs/failover/failover-context.js';
import type { FailoverJobData } from '../../../jobs/failover/failover-data.js';
import type { TargetConfig } from '../../../src/config/targets-schema.js';
import { loadLabSampleData } from '../../../src/lab/cluster/load-sample-data.js';
import { startLabCluster, type LabCluster } from '../../../src/lab/cluster/start-lab-cluster.js';
import type { LabTiming } from '../../../src/lab/runtime/lab-runtime.js';
import { labKubeConfig } from '../../../src/lab/kubeconfig.js';
import { connectToMysql } from '../../../src/mysql/connect.js';
import { ThreadReporter } from '../../../src/slack/thread-reporter.js';
import { captureLogger } from '../../support/capture-logger.js';
import { uniquePodSubnet } from '../../support/pod-subnet.js';
import { FakeSlack } from '../../unit/slack/thread-fakes.js';

/** The lab's MySQL target as the bot's targets file describes it. */
export const LAB_TARGET: TargetConfig = {
  name: 'orders-db',
  cluster: { kubeconfig: '/dev/null' },
  namespace: 'default',
  deployment: 'mysql',
  pvc: 'px-mysql-pvc',
  service: 'mysql',
  rootPasswordSecret: { name: 'mysql-root', key: 'password' },
  portworx: { namespace: 'kube-system', labelSelector: 'name=portworx' },
  channels: [],
  snapshots: { api: 'stork', volumeSnapshotClass: 'px-csi-snapclass', appConsistent: true, readyTimeoutSeconds: 300 },
  expand: { requireApproval: false },
  health: { alertAfterSeconds: 60, incidentAfterSeconds: 600 },
  schedules: [],
};

export const LAB_NODE_NAMES = [
  'gke-gke-px-default-pool-177a3f0b-nvxm',
  'gke-gke-px-default-pool-177a3f0b-slkb',
  'gke-gke-px-default-pool-177a3f0b-st0n',
] as const;

/** Thrown by the fake job's `updateData` to stop a run right after the state is stored, like a worker killed there. */
export class SimulatedCrash extends Error {
  constructor(readonly completedSteps: string[]) {
    super(`simulated crash after ${completedSteps.at(-1) ?? 'nothing'}`);
  }
}

/** A BullMQ job stand-in: keeps the data that `updateData` stores and can crash after each store. */
export class FakeJob implements FailoverJob {
  readonly stored: FailoverJobData[] = [];
  crashAfterEachStore = false;

  constructor(
    readonly id: string,
    public data: FailoverJobData,
  ) {}

  async updateData(data: FailoverJobData): Promise<void> {
    this.data = structuredClone(data);
    this.stored.push(this.data);
    if (this.crashAfterEachStore) throw new SimulatedCrash(data.failover?.completedSteps ?? []);
  }
}

export interface FailoverRun {
  job: FakeJob;
  context: FailoverJobContext;
  slack: FakeSlack;
  reporter: ThreadReporter;
  /** Text of every thread reply sent so far. */
  replies(): Promise<string[]>;
}

/** Builds a failover job context on the lab with a fake job and a recording Slack client. */
export async function failoverRun(cluster: LabCluster, options: { force?: boolean; keepCordoned?: boolean } = {}): Promise<FailoverRun> {
  const jobId = `failover-test-${randomUUID().slice(0, 8)}`;
  const data: FailoverJobData = {
    operation: 'failover',
    target: LAB_TARGET.name,
    requestedBy: 'U0REQUEST',
    channel: 'C0OPS',
    triggerId: jobId,
    locale: 'en',
    approvalId: `approval-${jobId}`,
    approvedBy: 'U0APPROVE',
    force: options.force ?? false,
    keepCordoned: options.keepCordoned ?? false,
  };
  const job = new FakeJob(jobId, data);
  const slack = new FakeSlack([]);
  const logger = captureLogger('info').logger;
  const reporter = new ThreadReporter({
    client: slack,
    channel: data.channel,
    metadata: { event_type: 'pxmysql_job', event_payload: { job_id: jobId, trigger_id: jobId, operation: 'failover', target: data.target, state: 'running' } },
    logger,
    retry: { maxRateLimitRetries: 0, maxTransientRetries: 0 },
  });
  await reporter.start({ text: 'failover', blocks: [] });

  const context: FailoverJobContext = { job, data, target: LAB_TARGET, kubeConfig: labKubeConfig(cluster.url), reporter, logger };
  return {
    job,
    context,
    slack,
    reporter,
    replies: async () => {
      await reporter.flush();
      return slack.calls.filter((call) => call.method === 'postMessage' && call.args.thread_ts !== undefined).map((call) => call.args.text);
    },
  };
}

/** Starts one lab for a test file with its own pod network, and closes it after the file. */
export function useLab(timing: Partial<LabTiming> = {}): { cluster: () => LabCluster } {
  let cluster: LabCluster | undefined;
  beforeAll(async () => {
    cluster = await startLabCluster({
      logger: captureLogger('warn').logger,
      podSubnet: uniquePodSubnet(),
      timing: { nodeMonitorGracePeriodMs: 300, podEvictionTimeoutMs: 600_000, resyncMs: 100, ...timing },
    });
  }, 60_000);
  afterAll(async () => {
    await cluster?.close();
  });
  return {
    cluster: () => {
      if (cluster === undefined) throw new Error('the lab did not start');
      return cluster;
    },
  };
}

/** Resets the lab to its seeded state and loads the sample data; returns the MySQL pod's name. */
export async function freshLab(cluster: LabCluster): Promise<string> {
  await cluster.reset();
  return await loadLabSampleData(cluster.store);
}

export function core(cluster: LabCluster): CoreV1Api {
  return labKubeConfig(cluster.url).makeApiClient(CoreV1Api);
}

export async function isCordoned(cluster: LabCluster, node: string): Promise<boolean> {
  return (await core(cluster).readNode({ name: node })).spec?.unschedulable === true;
}

/** Counts the offices in the sample data through the pod's IP. */
export async function countOffices(podIp: string): Promise<number> {
  const connection = await connectToMysql({ host: podIp, port: 3306, user: 'root', password: 'password', connectTimeoutMs: 5_000 });
  try {
    const [rows] = await connection.query('SELECT COUNT(*) AS offices FROM classicmodels.offices');
    return Number((rows as Array<{ offices: string | number }>)[0]?.offices);
  } finally {
    await connection.end();
  }
}

/** Polls until `check` is true, failing after `timeoutMs`. */
export async function waitUntil(description: string, check: () => Promise<boolean> | boolean, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
}
