import { randomBytes } from 'node:crypto';
import { ImageEnvironmentError } from '../mysql-image/image-environment.js';
import { prepareDataDirectory } from '../mysql-image/prepare-data-directory.js';
import { startMariadb, type MariadbProcess } from '../processes/mariadb-server.js';
import { appendEntrypointLines, rotateContainerLog } from './container-log.js';
import { recordContainerExit } from './container-exit.js';
import { isCancelled, writeMysqlPodStatus, type KubeletContext } from './kubelet-context.js';
import type { PodRecord } from './pod-record.js';

export interface ContainerRun {
  env: Record<string, string>;
  dataDirectory: string;
  image: string;
}

/** Largest delay that `setTimeout` accepts. The kubelet's own timer enforces the grace period instead. */
const NO_STOP_TIMEOUT_MS = 2_147_483_647;

/**
 * Runs the MySQL container once. The image entrypoint's set-up of an empty data directory comes
 * first, then mariadbd on the pod IP and container port, Ready once root logs in with the password
 * from the environment. A failure counts as a container exit with code 1 and leads to a restart
 * after the back-off. When the pod is deleted or its node taken down meanwhile, the new server is
 * killed at once.
 */
export async function runMysqlContainer(context: KubeletContext, record: PodRecord, run: ContainerRun): Promise<void> {
  let startedAt = context.runtime.now();
  if (record.restartCount > 0 || record.lastTerminated) await rotateContainerLog(record.runDirectory);

  let server: MariadbProcess;
  try {
    await prepareVolume(context, record, run);
    record.rootPassword = rootPasswordFor(context, record, run.env);
    record.containerId = `containerd://${randomBytes(32).toString('hex')}`;
    context.events.normal(record, 'Created', `Created container: ${record.containerName}`);
    startedAt = context.runtime.now();
    server = await startMariadb({
      dataDir: run.dataDirectory,
      runDir: record.runDirectory,
      host: String(record.podIp),
      port: record.port,
      rootPassword: record.rootPassword,
      startTimeoutMs: context.options.startTimeoutMs,
      stopTimeoutMs: NO_STOP_TIMEOUT_MS,
    });
  } catch (error) {
    if (isCancelled(context, record)) return;
    context.logger.warn({ err: error, pod: record.name, namespace: record.namespace, node: record.nodeName }, 'MySQL container failed to start');
    await appendEntrypointLines(record.runDirectory, [{ level: 'ERROR', text: (error as Error).message.split('\n')[0] ?? '' }], context.runtime.now());
    recordContainerExit(context, record, { exitCode: 1, startedAt, reason: 'Error' });
    return;
  }

  if (isCancelled(context, record)) {
    await server.kill();
    return;
  }
  record.server = server;
  record.liveProcesses.add(server);
  record.startedAt = startedAt;
  record.waiting = undefined;
  void server.exited.then((exit) => {
    record.liveProcesses.delete(server);
    if (record.server !== server) return;
    record.server = undefined;
    recordContainerExit(context, record, { exit, startedAt, reason: exit.code === 0 ? 'Completed' : 'Error' });
  });

  context.events.normal(record, 'Started', `Started container ${record.containerName}`);
  writeMysqlPodStatus(context, record);
  context.logger.info({ pod: record.name, namespace: record.namespace, node: record.nodeName, pid: server.pid, address: `${record.podIp}:${record.port}` }, 'mariadbd started');
}

/** Runs the image entrypoint's set-up and writes its notes to the container log. */
async function prepareVolume(context: KubeletContext, record: PodRecord, run: ContainerRun): Promise<void> {
  const now = (): Date => context.runtime.now();
  try {
    const prepared = await prepareDataDirectory({ dataDir: run.dataDirectory, env: run.env });
    const lines: Array<{ level: 'Note' | 'Warn'; text: string }> = prepared.warnings.map((text) => ({ level: 'Warn', text }));
    if (prepared.generatedRootPassword !== undefined && record.volumeId !== undefined) {
      context.generatedPasswords.set(record.volumeId, prepared.generatedRootPassword);
      lines.push({ level: 'Note', text: `GENERATED ROOT PASSWORD: ${prepared.generatedRootPassword}` });
    }
    lines.push({ level: 'Note', text: prepared.initialised ? 'MariaDB init process done. Ready for start up.' : 'MariaDB upgrade not required' });
    await appendEntrypointLines(record.runDirectory, lines, now());
  } catch (error) {
    if (error instanceof ImageEnvironmentError) {
      await appendEntrypointLines(record.runDirectory, [{ level: 'ERROR', text: error.message }], now());
    }
    throw error;
  }
}

/**
 * Returns root's password: a random one the entrypoint chose for this volume (kept only in this
 * process's memory), else MARIADB_ROOT_PASSWORD or MYSQL_ROOT_PASSWORD, else empty.
 * NOTE: when the data directory was initialised with another password than the environment now
 * gives, the readiness login fails and the container restarts in a loop, where a real pod would run.
 */
function rootPasswordFor(context: KubeletContext, record: PodRecord, env: Record<string, string>): string {
  const random = (env.MARIADB_RANDOM_ROOT_PASSWORD || env.MYSQL_RANDOM_ROOT_PASSWORD || '') !== '';
  const generated = record.volumeId === undefined ? undefined : context.generatedPasswords.get(record.volumeId);
  if (random && generated !== undefined) return generated;
  return env.MARIADB_ROOT_PASSWORD || env.MYSQL_ROOT_PASSWORD || '';
}
