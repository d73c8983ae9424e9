import { randomUUID } from 'node:crypto';
import { CoreV1Api, StorageV1Api } from '@kubernetes/client-node';
import type { ExpandJob, ExpandJobContext } from '../../../jobs/expand/expand-context.js';
import type { ExpandJobData } from '../../../jobs/expand/expand-data.js';
import type { TargetConfig } from '../../../src/config/targets-schema.js';
import type { StoreEvent } from '../../../src/lab/apiserver/store-history.js';
import type { LabCluster } from '../../../src/lab/cluster/start-lab-cluster.js';
import { labKubeConfig } from '../../../src/lab/kubeconfig.js';
import type { ThreadPostMessageArgs } from '../../../src/slack/thread-types.js';
import { ThreadReporter } from '../../../src/slack/thread-reporter.js';
import { captureLogger } from '../../support/capture-logger.js';
import { FakeSlack } from '../../unit/slack/thread-fakes.js';
import { LAB_TARGET, SimulatedCrash, waitUntil } from '../failover/failover-harness.js';

export { LAB_TARGET, SimulatedCrash, useLab, waitUntil } from '../failover/failover-harness.js';

/** A BullMQ job stand-in: keeps the data that `updateData` stores and can crash after each store. */
export class FakeExpandJob implements ExpandJob {
  readonly stored: ExpandJobData[] = [];
  crashAfterEachStore = false;

  constructor(
    readonly id: string,
    public data: ExpandJobData,
  ) {}

  async updateData(data: ExpandJobData): Promise<void> {
    this.data = structuredClone(data);
    this.stored.push(this.data);
    if (this.crashAfterEachStore) throw new SimulatedCrash(data.expand?.completedSteps ?? []);
  }
}

export interface ExpandRun {
  job: FakeExpandJob;
  context: ExpandJobContext;
  /** Every thread reply sent so far, with its fallback text and its blocks as JSON. */
  replies(): Promise<Array<{ text: string; blocks: string }>>;
}

/** Builds an expansion job context on the lab with a fake job and a recording Slack client. */
export async function expandRun(cluster: LabCluster, size: string, target: TargetConfig = LAB_TARGET): Promise<ExpandRun> {
  const jobId = `expand-test-${randomUUID().slice(0, 8)}`;
  const data: ExpandJobData = {
    operation: 'expand',
    target: target.name,
    requestedBy: 'U0REQUEST',
    channel: 'C0OPS',
    triggerId: jobId,
    locale: 'en',
    size,
  };
  const job = new FakeExpandJob(jobId, data);
  const slack = new FakeSlack([]);
  const logger = captureLogger('info').logger;
  const reporter = new ThreadReporter({
    client: slack,
    channel: data.channel,
    metadata: { event_type: 'pxmysql_job', event_payload: { job_id: jobId, trigger_id: jobId, operation: 'expand', target: data.target, state: 'running' } },
    logger,
    retry: { maxRateLimitRetries: 0, maxTransientRetries: 0 },
  });
  await reporter.start({ text: 'expand', blocks: [] });

  const context: ExpandJobContext = { job, data, target, kubeConfig: labKubeConfig(cluster.url), reporter, logger };
  return {
    job,
    context,
    replies: async () => {
      await reporter.flush();
      return slack.calls
        .filter((call): call is { method: 'postMessage'; args: ThreadPostMessageArgs } => call.method === 'postMessage' && call.args.thread_ts !== undefined)
        .map((call) => ({ text: call.args.text, blocks: JSON.stringify(call.args.blocks ?? []) }));
    },
  };
}

export function labCore(cluster: LabCluster): CoreV1Api {
  return labKubeConfig(cluster.url).makeApiClient(CoreV1Api);
}

export function labStorage(cluster: LabCluster): StorageV1Api {
  return labKubeConfig(cluster.url).makeApiClient(StorageV1Api);
}

/** Resets the lab to its seeded state and waits until the MySQL PVC is Bound at 1Gi. */
export async function freshPvc(cluster: LabCluster): Promise<void> {
  await cluster.reset();
  await waitForCapacity(cluster, LAB_TARGET.pvc, '1Gi');
}

/** Waits until a PVC in `default` is Bound with `status.capacity.storage` equal to `capacity`. */
export async function waitForCapacity(cluster: LabCluster, pvc: string, capacity: string): Promise<void> {
  await waitUntil(`PVC ${pvc} Bound at ${capacity}`, async () => {
    const claim = await labCore(cluster).readNamespacedPersistentVolumeClaim({ name: pvc, namespace: 'default' });
    return claim.status?.phase === 'Bound' && claim.status.capacity?.storage === capacity;
  });
}

/** Counts the changes of a PVC's storage request in the lab's store until the returned stop function runs. */
export function countRequestChanges(cluster: LabCluster, pvc: string): { count: () => number; stop: () => void } {
  let changes = 0;
  const stop = cluster.store.subscribe((event: StoreEvent) => {
    if (event.resource.plural !== 'persistentvolumeclaims' || event.object.metadata?.name !== pvc || event.type !== 'MODIFIED') return;
    const before = event.previous?.spec?.resources?.requests?.storage;
    const after = event.object.spec?.resources?.requests?.storage;
    if (before !== after) changes += 1;
  });
  return { count: () => changes, stop };
}
