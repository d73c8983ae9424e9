import { randomUUID } from 'node:crypto';
import type { TargetConfig } from '../../../src/config/targets-schema.js';
import type { LabCluster } from '../../../src/lab/cluster/start-lab-cluster.js';
import { labKubeConfig } from '../../../src/lab/kubeconfig.js';
import type { Logger } from '../../../src/logging.js';
import { ThreadReporter } from '../../../src/slack/thread-reporter.js';
import { captureLogger } from '../../support/capture-logger.js';
import { FakeSlack } from '../../unit/slack/thread-fakes.js';
import { LAB_TARGET } from '../failover/failover-harness.js';

/** Thrown by the fake job's `updateData` to stop a run right after the state is stored, like a worker killed there. */
export class SimulatedCrash extends Error {}

/**
 * A BullMQ job stand-in that keeps the data `updateData` stores. With `crashAfterEachStore`, it
 * throws after each store of data it has not stored before, so every new state is followed by one
 * crash and the run after it gets past that point.
 */
export class FakeJob<Data> {
  readonly stored: Data[] = [];
  crashAfterEachStore = false;
  private readonly seen = new Set<string>();

  constructor(
    readonly id: string,
    public data: Data,
  ) {}

  async updateData(data: Data): Promise<void> {
    this.data = structuredClone(data);
    this.stored.push(this.data);
    const key = JSON.stringify(data);
    const isNew = !this.seen.has(key);
    this.seen.add(key);
    if (this.crashAfterEachStore && isNew) throw new SimulatedCrash(`simulated crash after store ${this.stored.length}`);
  }
}

/** Request fields every job carries, for a lab job started by `U0REQUEST` in `C0OPS`. */
export function requestFields(operation: string): { jobId: string; fields: { target: string; requestedBy: string; channel: string; triggerId: string; locale: 'en'; approvalId: string; approvedBy: string } } {
  const jobId = `${operation}-test-${randomUUID().slice(0, 8)}`;
  return {
    jobId,
    fields: { target: LAB_TARGET.name, requestedBy: 'U0REQUEST', channel: 'C0OPS', triggerId: jobId, locale: 'en', approvalId: `approval-${jobId}`, approvedBy: 'U0APPROVE' },
  };
}

/** Builds a job context on the lab with a fake job and a recording Slack client. */
export async function labJobContext<Data extends { operation: string; target: string; channel: string }>(cluster: LabCluster, jobId: string, data: Data, target: TargetConfig = LAB_TARGET) {
  const job = new FakeJob<Data>(jobId, data);
  const slack = new FakeSlack([]);
  const logger: Logger = captureLogger('info').logger;
  const reporter = new ThreadReporter({
    client: slack,
    channel: data.channel,
    metadata: { event_type: 'pxmysql_job', event_payload: { job_id: jobId, trigger_id: jobId, operation: data.operation, target: data.target, state: 'running' } },
    logger,
    retry: { maxRateLimitRetries: 0, maxTransientRetries: 0 },
  });
  await reporter.start({ text: data.operation, blocks: [] });
  const context = { job, data, target, kubeConfig: labKubeConfig(cluster.url), reporter, logger };
  return {
    job,
    context,
    replies: async (): Promise<string[]> => {
      await reporter.flush();
      return slack.calls.filter((call) => call.method === 'postMessage' && call.args.thread_ts !== undefined).map((call) => call.args.text);
    },
  };
}
