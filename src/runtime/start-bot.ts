import type { AppConfig } from '../config/app-config.js';
import type { Logger } from '../logging.js';
import type { TargetConfig } from '../config/targets-schema.js';
import { RoleResolver } from '../access/role-resolver.js';
import { createProducerConnection } from '../queue/redis-connections.js';
import { JobProducer } from '../queue/job-producer.js';
import { createSlackApp, startSlackApp } from '../slack/create-slack-app.js';
import { createLocaleResolver } from '../slack/locale-resolver.js';
import { registerCommands } from '../slack/register-commands.js';
import { registerActions } from '../slack/register-actions.js';
import { ApprovalStore } from '../approvals/approval-store.js';
import { AuditLog } from '../audit/audit-log.js';
import { TargetLocks } from '../locks/target-locks.js';
import { TargetClusters } from './target-clusters.js';
import { startWorker } from './start-worker.js';
import { AlertStore } from '../health/alert-store.js';
import { readTargetHealth } from '../health/read-target-health.js';
import { startHealthWatch } from '../health/start-health-watch.js';
import { createIncidentOpener } from '../incidents/incident-opener.js';
import { CancelRequests } from './cancel-requests.js';
import { JobReader } from '../queue/job-reader.js';
import { ScheduleStore } from '../schedules/schedule-store.js';
import { declaredScheduleSpecs, upsertDeclaredSchedules } from '../schedules/declared-schedules.js';
import { startMissedWindowChecker } from '../schedules/missed-window-checker.js';

export interface RunningBot {
  stop(): Promise<void>;
}

/** Starts the Slack app (Socket Mode or HTTP) and, unless disabled, a job worker in the same process. */
export async function startBot(config: AppConfig, logger: Logger, options: { worker: boolean } = { worker: true }): Promise<RunningBot> {
  // Fails on invalid schedules in the targets file before any connection is opened.
  const declaredSchedules = declaredScheduleSpecs(config, new Date());
  const app = createSlackApp(config, logger);
  const producerConnection = createProducerConnection(config.redis.url, logger);
  const producer = new JobProducer(producerConnection, config.queue.name, logger);
  const roles = new RoleResolver({
    roles: config.roles,
    logger,
    listGroupMembers: async (groupId) => (await app.client.usergroups.users.list({ usergroup: groupId })).users ?? [],
  });
  const localeOf = createLocaleResolver({ client: app.client, fallback: config.locale, logger });
  const deps = {
    config,
    producer,
    roles,
    localeOf,
    logger,
    approvals: new ApprovalStore(producerConnection, logger),
    locks: new TargetLocks(producerConnection),
    audit: new AuditLog(producerConnection, logger),
    clusters: new TargetClusters(config),
    slack: app.client,
    healthAlerts: new AlertStore(producerConnection),
    readHealth: (target: TargetConfig) => readTargetHealth(deps.clusters.kubeConfig(target.name), target),
    cancels: new CancelRequests(producerConnection),
    jobs: new JobReader(producerConnection, config.queue.name),
    schedules: new ScheduleStore(producerConnection, config.queue.name, logger),
  };
  registerCommands(app, deps);
  registerActions(app, deps);

  await deps.schedules.waitUntilReady();
  await upsertDeclaredSchedules(deps.schedules, declaredSchedules, logger);

  const worker = options.worker ? await startWorker(config, logger) : undefined;
  await startSlackApp(app, config);
  const missedWindowChecker = startMissedWindowChecker({ schedules: deps.schedules, redis: producerConnection, slack: app.client, clusters: deps.clusters, config, logger });
  const healthWatch =
    Object.keys(config.targets).length === 0
      ? undefined
      : startHealthWatch({ config, redis: producerConnection, slack: app.client, clusters: deps.clusters, locks: deps.locks, openIncident: createIncidentOpener(producer, logger), logger });
  logger.info(
    { mode: config.slack.appToken ? 'socket' : 'http', worker: options.worker, targets: Object.keys(config.targets) },
    'pxmysql bot started',
  );

  return {
    stop: async () => {
      logger.info('pxmysql bot stopping');
      await healthWatch?.stop().catch((error: unknown) => logger.warn({ err: error }, 'error while stopping the health watch'));
      await missedWindowChecker.stop();
      await app.stop().catch((error: unknown) => logger.warn({ err: error }, 'error while stopping the Slack app'));
      await worker?.stop();
      await producer.close().catch((error: unknown) => logger.warn({ err: error }, 'error while closing the job queue'));
      await deps.jobs.close().catch((error: unknown) => logger.warn({ err: error }, 'error while closing the job reader'));
      await deps.schedules.close().catch((error: unknown) => logger.warn({ err: error }, 'error while closing the schedule store'));
      producerConnection.disconnect();
      logger.info('pxmysql bot stopped');
    },
  };
}
