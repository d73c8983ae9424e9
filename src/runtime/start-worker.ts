import { Worker, type Job } from 'bullmq';
import type { AppConfig } from '../config/app-config.js';
import type { Logger } from '../logging.js';
import type { JobData } from '../queue/job-data.js';
import { createWorkerConnection } from '../queue/redis-connections.js';
import { createWebClient } from '../slack/web-client.js';
import { runJob } from './run-job.js';
import { TargetClusters } from './target-clusters.js';
import { AuditLog } from '../audit/audit-log.js';
import { TargetLocks } from '../locks/target-locks.js';
import { ApprovalStore } from '../approvals/approval-store.js';
import { CancelRequests } from './cancel-requests.js';
import { JobProducer } from '../queue/job-producer.js';
import { createIncidentOpener } from '../incidents/incident-opener.js';

export interface RunningWorker {
  stop(): Promise<void>;
}

/** Starts a BullMQ worker that runs pxmysql jobs and reports them to Slack. */
export async function startWorker(config: AppConfig, logger: Logger, options: { concurrency?: number } = {}): Promise<RunningWorker> {
  const connection = createWorkerConnection(config.redis.url, logger);
  const slack = createWebClient(config, logger);
  const clusters = new TargetClusters(config);
  const log = logger.child({ component: 'worker', queue: config.queue.name });

  const locks = new TargetLocks(connection);
  const audit = new AuditLog(connection, logger);
  const approvals = new ApprovalStore(connection, logger);
  const cancels = new CancelRequests(connection);
  const incidents = new JobProducer(connection, config.queue.name, logger);
  const openIncident = createIncidentOpener(incidents, logger);
  const worker = new Worker<JobData>(config.queue.name, async (job: Job<JobData>) => runJob(job, { slack, clusters, locks, audit, approvals, config, logger, cancels, openIncident }), {
    connection,
    concurrency: options.concurrency ?? config.worker.concurrency,
    lockDuration: config.worker.lockDurationMs,
    stalledInterval: config.worker.stalledIntervalMs,
    maxStalledCount: 3,
    autorun: true,
  });
  worker.on('active', (job) => log.info({ jobId: job.id, operation: job.data.operation, target: job.data.target }, 'job started'));
  worker.on('completed', (job) => log.info({ jobId: job.id, operation: job.data.operation, target: job.data.target }, 'job succeeded'));
  worker.on('failed', (job, error) =>
    log.error({ err: error, jobId: job?.id, operation: job?.data.operation, target: job?.data.target }, 'job failed'),
  );
  worker.on('stalled', (jobId) => log.warn({ jobId }, 'job stalled; another worker will resume it'));
  worker.on('error', (error) => log.error({ err: error }, 'worker error'));
  await worker.waitUntilReady();
  log.info({ concurrency: options.concurrency ?? config.worker.concurrency }, 'worker started');

  return {
    stop: async () => {
      await worker.close();
      await incidents.close();
      connection.disconnect();
      log.info('worker stopped');
    },
  };
}
