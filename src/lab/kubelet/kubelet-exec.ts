import { posix } from 'node:path';
import type { ExecHandler, ExecStreams } from '../apiserver/exec.js';
import type { KubeObject } from '../apiserver/kube-object.js';
import { commandNotFound } from '../cluster/exec-router.js';
import { ContainerConfigError, resolveContainerEnv } from './container-env.js';
import type { KubeletContext } from './kubelet-context.js';
import { runMysqlClient } from './mysql-client.js';
import { findMysqlContainer } from './mysql-pod-spec.js';
import { nodeInternalIp } from './pod-addresses.js';

const MYSQL_CLIENTS = new Set(['mysql', 'mariadb']);
const SHELLS = new Set(['sh', 'bash', 'ash', 'dash']);

/** Port of a real kubelet's API, shown in the error for a node that is down. */
const KUBELET_PORT = 10250;

/**
 * Builds the kubelet's exec handler, the exec router's fallback for everything but `pxctl`:
 * - `mysql …` or `mariadb …` (any path) in a MySQL pod runs the machine's client against the
 *   pod's server, with stdin, stdout, stderr and the exit code passed through;
 * - `hostname`, `cat /etc/hostname` and `env` print the pod's name or its container environment;
 * - a shell (`sh -c …`) fails with exit code 126, because the lab has no shell to run scripts in;
 * - anything else fails like a missing program (exit code 127).
 * A pod on a node that is down fails as an unreachable kubelet does, before any command runs.
 */
export function createKubeletExecHandler(context: KubeletContext): ExecHandler {
  return async (request, streams, signal) => {
    const pod = request.pod;
    const nodeName = String(pod.spec?.nodeName ?? '');
    if (nodeName !== '' && context.runtime.nodes.isDown(nodeName)) {
      const hostIp = nodeInternalIp(context.runtime.store, nodeName) ?? nodeName;
      streams.stderr(`error: unable to upgrade connection: dial tcp ${hostIp}:${KUBELET_PORT}: connect: connection refused\n`);
      return { exitCode: 1 };
    }

    const [program = '', ...args] = request.command;
    const name = posix.basename(program);
    if (SHELLS.has(name)) {
      streams.stderr(
        `${program}: shells are not supported in lab pods: run the program directly, e.g. kubectl exec POD -- mysql -uroot -pPASSWORD -e "SELECT 1"\n`,
      );
      return { exitCode: 126 };
    }
    if (MYSQL_CLIENTS.has(name) && findMysqlContainer(pod)) return await execMysqlClient(context, pod, args, streams, signal);
    if (name === 'hostname' && args.length === 0) return printLine(streams, String(pod.metadata.name));
    if (name === 'cat' && args.length === 1 && args[0] === '/etc/hostname') return printLine(streams, String(pod.metadata.name));
    if (name === 'env' && args.length === 0) return printEnvironment(context, pod, request.container, streams);
    return await commandNotFound(request, streams, signal);
  };
}

async function execMysqlClient(context: KubeletContext, pod: KubeObject, args: string[], streams: ExecStreams, signal: AbortSignal): Promise<{ exitCode: number }> {
  const record = context.records.get(String(pod.metadata.uid));
  if (!record?.server || record.podIp === undefined) {
    const container = findMysqlContainer(pod)?.name ?? 'mysql';
    streams.stderr(`error: unable to upgrade connection: container not found ("${container}")\n`);
    return { exitCode: 1 };
  }
  return await runMysqlClient(args, { host: record.podIp, port: record.port, home: record.runDirectory }, streams, signal);
}

function printLine(streams: ExecStreams, line: string): { exitCode: number } {
  streams.stdout(`${line}\n`);
  return { exitCode: 0 };
}

/** Prints what `env` shows in the container: the pod's environment plus PATH, HOSTNAME and HOME. */
function printEnvironment(context: KubeletContext, pod: KubeObject, containerName: string | undefined, streams: ExecStreams): { exitCode: number } {
  const containers: KubeObject[] = pod.spec?.containers ?? [];
  const container = containers.find((candidate) => candidate.name === containerName) ?? containers[0];
  let env: Record<string, string> = {};
  try {
    if (container) env = resolveContainerEnv(context.runtime.store, pod, container);
  } catch (error) {
    if (!(error instanceof ContainerConfigError)) throw error;
    streams.stderr(`env: ${error.message}\n`);
    return { exitCode: 1 };
  }
  const all = { PATH: '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', HOSTNAME: String(pod.metadata.name), ...env, HOME: '/root' };
  streams.stdout(Object.entries(all).map(([key, value]) => `${key}=${value}\n`).join(''));
  return { exitCode: 0 };
}
