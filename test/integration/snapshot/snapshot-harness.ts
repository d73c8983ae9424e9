import { randomUUID } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import type { SnapshotJob, SnapshotJobContext } from '../../../jobs/snapshot/run-snapshot.js';
import type { SnapshotJobData } from '../../../jobs/snapshot/snapshot-data.js';
import type { TargetConfig } from '../../../src/config/targets-schema.js';
import type { LabCluster } from '../../../src/lab/cluster/start-lab-cluster.js';
import { labKubeConfig } from '../../../src/lab/kubeconfig.js';
import { connectToMysql, type MysqlConnection } from '../../../src/mysql/connect.js';
import { ThreadReporter } from '../../../src/slack/thread-reporter.js';
import { captureLogger } from '../../support/capture-logger.js';
import { FakeSlack } from '../../unit/slack/thread-fakes.js';
import { LAB_TARGET } from '../failover/failover-harness.js';

/** Returns the lab's MySQL target with the given snapshot settings and, unless set, a 30 s ready timeout. */
export function snapshotTarget(snapshots: Partial<TargetConfig['snapshots']>): TargetConfig {
  return { ...LAB_TARGET, snapshots: { ...LAB_TARGET.snapshots, readyTimeoutSeconds: 30, ...snapshots } };
}

/** A BullMQ job stand-in that keeps the data `updateData` stores. */
export class FakeSnapshotJob implements SnapshotJob {
  readonly stored: SnapshotJobData[] = [];

  constructor(
    readonly id: string,
    public data: SnapshotJobData,
  ) {}

  async updateData(data: SnapshotJobData): Promise<void> {
    this.data = structuredClone(data);
    this.stored.push(this.data);
  }
}

export interface SnapshotRun {
  job: FakeSnapshotJob;
  context: SnapshotJobContext;
  /** Text of every thread reply sent so far, followed by the JSON of its blocks. */
  replies(): Promise<string[]>;
}

/** Builds a snapshot job context on the lab with a fake job and a recording Slack client. */
export async function snapshotRun(kubeConfig: KubeConfig, target: TargetConfig, snapshotName: string): Promise<SnapshotRun> {
  const jobId = `snapshot-test-${randomUUID().slice(0, 8)}`;
  const data: SnapshotJobData = { operation: 'snapshot', target: target.name, requestedBy: 'U0REQUEST', channel: 'C0OPS', triggerId: jobId, locale: 'en', snapshotName };
  const job = new FakeSnapshotJob(jobId, data);
  const slack = new FakeSlack([]);
  const logger = captureLogger('info').logger;
  const reporter = new ThreadReporter({
    client: slack,
    channel: data.channel,
    metadata: { event_type: 'pxmysql_job', event_payload: { job_id: jobId, trigger_id: jobId, operation: 'snapshot', target: data.target, state: 'running' } },
    logger,
    retry: { maxRateLimitRetries: 0, maxTransientRetries: 0 },
  });
  await reporter.start({ text: 'snapshot', blocks: [] });
  const context: SnapshotJobContext = { job, data, target, kubeConfig, reporter, logger };
  return {
    job,
    context,
    replies: async () => {
      await reporter.flush();
      return slack.calls.filter((call) => call.method === 'postMessage' && call.args.thread_ts !== undefined).map((call) => `${call.args.text}\n${JSON.stringify(call.args.blocks ?? [])}`);
    },
  };
}

/** Returns the pod IP of the lab's MySQL pod. */
export async function mysqlPodIp(cluster: LabCluster, podName: string): Promise<string> {
  const pod = await labKubeConfig(cluster.url).makeApiClient(CoreV1Api).readNamespacedPod({ name: podName, namespace: 'default' });
  return pod.status?.podIP as string;
}

export async function connectAsRoot(podIp: string): Promise<MysqlConnection> {
  return await connectToMysql({ host: podIp, port: 3306, user: 'root', password: 'password', connectTimeoutMs: 5_000 });
}

/** Creates `probe`.`writes`, a table that tests insert into to see whether writes are blocked. */
export async function createProbeTable(podIp: string): Promise<void> {
  const connection = await connectAsRoot(podIp);
  try {
    await connection.query('CREATE DATABASE IF NOT EXISTS probe');
    await connection.query('CREATE TABLE IF NOT EXISTS probe.writes (id INT AUTO_INCREMENT PRIMARY KEY, note VARCHAR(64) NOT NULL) ENGINE=InnoDB');
  } finally {
    await connection.end();
  }
}

/**
 * Starts one INSERT into `probe`.`writes` on its own connection. `settled()` reports whether it
 * has finished, and `done` resolves with the time it finished (or rejects with its error).
 */
export async function startProbeInsert(podIp: string, note: string): Promise<{ settled(): boolean; done: Promise<number> }> {
  const connection = await connectAsRoot(podIp);
  let settled = false;
  const done = connection
    .query('INSERT INTO probe.writes (note) VALUES (?)', [note])
    .then(() => Date.now())
    .finally(async () => {
      settled = true;
      await connection.end().catch(() => undefined);
    });
  // The test awaits `done` later; keep an early rejection from being reported as unhandled.
  done.catch(() => undefined);
  return { settled: () => settled, done };
}

/** What the proxy does with one request: forward it to the lab, or reply with a status and JSON body. */
export type ProxyDecision = 'forward' | { status: number; body: unknown };

/**
 * A plain HTTP proxy on 127.0.0.1 in front of the lab apiserver. `decide` receives each request's
 * method and path first and may reply itself, so a test can make one API call fail.
 * Upgrade requests (exec) are not proxied.
 */
export async function startApiProxy(labUrl: string, decide: (method: string, path: string) => Promise<ProxyDecision>): Promise<{ url: string; close(): Promise<void> }> {
  const upstream = new URL(labUrl);
  const server: Server = createServer((incoming, outgoing) => {
    void (async () => {
      const decision = await decide(incoming.method ?? 'GET', incoming.url ?? '/');
      if (decision !== 'forward') {
        outgoing.writeHead(decision.status, { 'content-type': 'application/json' });
        outgoing.end(JSON.stringify(decision.body));
        return;
      }
      forward(incoming, upstream, (response) => {
        outgoing.writeHead(response.statusCode ?? 502, response.headers);
        response.pipe(outgoing);
      });
    })().catch((error: unknown) => {
      outgoing.writeHead(500, { 'content-type': 'text/plain' });
      outgoing.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

function forward(incoming: IncomingMessage, upstream: URL, onResponse: (response: IncomingMessage) => void): void {
  const proxied = httpRequest(
    { host: upstream.hostname, port: upstream.port, method: incoming.method, path: incoming.url, headers: { ...incoming.headers, host: upstream.host } },
    onResponse,
  );
  incoming.pipe(proxied);
}
