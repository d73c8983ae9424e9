import { randomBytes } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { loadConfig } from '../../config/load-config.js';
import type { AppConfig } from '../../config/app-config.js';
import type { Logger } from '../../logging.js';
import { startBot, type RunningBot } from '../../runtime/start-bot.js';
import { startLabCluster } from '../cluster/start-lab-cluster.js';
import { writeLabKubeconfig } from '../kubeconfig.js';
import { findFreePort } from '../processes/free-port.js';
import { startRedisServer, type RedisProcess } from '../processes/redis-server.js';
import { startLabSlack, type LabSlack } from '../slack/server.js';
import { loadLabSampleData } from '../cluster/load-sample-data.js';
import type { LabCluster } from '../cluster/start-lab-cluster.js';
import type { LabTiming } from '../runtime/lab-runtime.js';
import { startLabControlServer, type LabControls } from './control-server.js';
import { writeLabTargets } from './lab-targets.js';
import { removeLabState, writeLabState, type LabState } from './lab-state.js';

export interface StartLabOptions {
  /** Directory for the kubeconfig, targets file, state file and Redis files. */
  directory: string;
  logger: Logger;
  /** Loopback address every lab server binds. */
  host?: string;
  /** Delivery mode of commands from the stand-in Slack to the bot. Default: Socket Mode. */
  delivery?: 'socket' | 'http';
  /** Use this Redis instead of starting a private `redis-server`. */
  redisUrl?: string;
  /** Queue name; tests give each lab its own. */
  queueName?: string;
  /** Start the bot (Slack app and worker). Tests that drive the bot themselves turn it off. */
  bot?: boolean;
  /** Run a job worker inside the bot; false when workers run as separate processes. Default true. */
  worker?: boolean;
  /** Write `lab.json` for `pxmysql lab send`. */
  writeState?: boolean;
  /** Controller timing of the lab cluster; tests shorten it. */
  timing?: Partial<LabTiming>;
  /** Pod network of the lab cluster (default `127.0.20`); labs running at once need different ones. */
  podSubnet?: string;
  /** Snapshot API of the lab's target; default STORK, as the classic Portworx set-up uses. */
  snapshotApi?: 'csi' | 'stork';
  /** Health watch thresholds of the lab's target; tests shorten the escalation to an incident. */
  health?: { alertAfterSeconds: number; incidentAfterSeconds: number };
}

export interface Lab {
  directory: string;
  config: AppConfig;
  cluster: LabCluster;
  slack: LabSlack;
  redisUrl: string;
  kubeconfigPath: string;
  bot: RunningBot | undefined;
  state: LabState;
  stop(): Promise<void>;
}

/** Starts the whole lab on loopback: Redis, the Kubernetes API with Portworx, the Slack stand-in and the bot. */
export async function startLab(options: StartLabOptions): Promise<Lab> {
  const host = options.host ?? '127.0.0.1';
  const delivery = options.delivery ?? 'socket';
  const log = options.logger.child({ component: 'lab' });
  const stops: Array<() => Promise<void>> = [];
  const stopAll = async () => {
    for (const stop of stops.splice(0).reverse()) await stop().catch((error: unknown) => log.warn({ err: error }, 'error while stopping a lab part'));
  };

  try {
    await mkdir(options.directory, { recursive: true });
    let redis: RedisProcess | undefined;
    if (options.redisUrl === undefined) {
      redis = await startRedisServer({ host });
      stops.push(() => redis!.stop());
    }
    const redisUrl = options.redisUrl ?? redis!.url;

    const cluster = await startLabCluster({
      host,
      directory: join(options.directory, 'cluster'),
      logger: options.logger.child({ component: 'lab-cluster' }),
      ...(options.timing ? { timing: options.timing } : {}),
      ...(options.podSubnet ? { podSubnet: options.podSubnet } : {}),
    });
    stops.push(() => cluster.close());
    const mysqlPod = await loadLabSampleData(cluster.store);
    log.info({ pod: mysqlPod }, 'lab MySQL pod is Ready with the sample database');
    const control = await startLabControlServer({ host, logger: options.logger, controls: labControls(cluster) });
    stops.push(() => control.close());
    const kubeconfigPath = join(options.directory, 'kubeconfig');
    await writeLabKubeconfig(kubeconfigPath, cluster.url);

    const secrets = { signingSecret: randomBytes(16).toString('hex'), botToken: `xoxb-lab-${randomBytes(12).toString('hex')}`, appToken: `xapp-lab-${randomBytes(12).toString('hex')}` };
    const httpPort = delivery === 'http' ? await findFreePort(host) : undefined;
    const slack = await startLabSlack({
      host,
      signingSecret: secrets.signingSecret,
      botToken: secrets.botToken,
      ...(delivery === 'socket' ? { appToken: secrets.appToken } : { botHttpUrl: `http://${host}:${httpPort}/slack/events` }),
      logger: options.logger.child({ component: 'lab-slack' }),
    });
    stops.push(() => slack.close());

    const targetsFile = join(options.directory, 'targets.yaml');
    await writeLabTargets(targetsFile, {
      kubeconfigPath,
      workspace: slack.workspace,
      ...(options.snapshotApi ? { snapshotApi: options.snapshotApi } : {}),
      ...(options.health ? { health: options.health } : {}),
    });
    const config = loadConfig({
      env: {
        PXMYSQL_TARGETS_FILE: targetsFile,
        SLACK_BOT_TOKEN: secrets.botToken,
        SLACK_SIGNING_SECRET: secrets.signingSecret,
        ...(delivery === 'socket' ? { SLACK_APP_TOKEN: secrets.appToken } : {}),
        SLACK_API_URL: slack.apiUrl,
        SLACK_BOT_USER_ID: slack.workspace.bot.userId,
        SLACK_BOT_ID: slack.workspace.bot.botId,
        PXMYSQL_HTTP_HOST: host,
        PXMYSQL_HTTP_PORT: httpPort === undefined ? undefined : String(httpPort),
        REDIS_URL: redisUrl,
        PXMYSQL_QUEUE_NAME: options.queueName ?? 'pxmysql-lab',
        PXMYSQL_SLACK_RETRIES: '0',
        // One minute, so people can watch a few scheduled snapshots in the lab; the default is 5 minutes.
        PXMYSQL_SCHEDULE_MIN_INTERVAL_SECONDS: '60',
        LOG_LEVEL: options.logger.level,
      },
    });

    const bot = options.bot === false ? undefined : await startBot(config, options.logger, { worker: options.worker !== false });
    if (bot) stops.push(() => bot.stop());

    const state: LabState = {
      version: 1,
      pid: process.pid,
      startedAt: new Date().toISOString(),
      kubeApiUrl: cluster.url,
      kubeconfigPath,
      targetsFile,
      redisUrl,
      logFile: join(options.directory, 'lab.log'),
      controlUrl: control.url,
      slack: { apiUrl: slack.apiUrl, controlUrl: slack.controlUrl, delivery },
    };
    if (options.writeState !== false) {
      await writeLabState(options.directory, state);
      stops.push(() => removeLabState(options.directory));
    }
    log.info({ kubeApiUrl: cluster.url, redisUrl, delivery }, 'lab started');

    return { directory: options.directory, config, cluster, slack, redisUrl, kubeconfigPath, bot, state, stop: stopAll };
  } catch (error) {
    log.error({ err: error }, 'lab failed to start');
    await stopAll();
    throw error;
  }
}

function labControls(cluster: LabCluster): LabControls {
  return {
    nodeNames: () => cluster.store.list('nodes').items.map((node) => node.metadata.name as string),
    setNodeDown: (node, down) => cluster.runtime.nodes.setDown(node, down),
    reset: async () => {
      await cluster.reset();
      await loadLabSampleData(cluster.store);
    },
  };
}
