import { join } from 'node:path';
import { ApiError } from '../apiserver/api-error.js';
import type { PodLogHandler } from '../apiserver/handler-context.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';
import { readContainerLog } from './container-log.js';
import { findMysqlContainer } from './mysql-pod-spec.js';
import { nodeInternalIp } from './pod-addresses.js';

/**
 * Builds the pod log handler for the lab apiserver. A MySQL container's log is mariadbd's error
 * log with the entrypoint's notes, and `previous: true` reads the run before the last restart.
 * Other containers run no process, so their log is empty. A pod on a node that is down fails
 * with a 500, as the apiserver reports an unreachable kubelet.
 */
export function createPodLogHandler(runtime: LabRuntime): PodLogHandler {
  return async (request) => {
    const pod = request.pod;
    const nodeName = String(pod.spec?.nodeName ?? '');
    const containerName = request.container ?? '';
    if (nodeName !== '' && runtime.nodes.isDown(nodeName)) {
      const hostIp = nodeInternalIp(runtime.store, nodeName) ?? nodeName;
      throw new ApiError(
        500,
        'InternalError',
        `Get "https://${hostIp}:10250/containerLogs/${request.namespace}/${String(pod.metadata.name)}/${containerName}": dial tcp ${hostIp}:10250: connect: connection refused`,
      );
    }

    const mysqlContainer = findMysqlContainer(pod);
    if (!mysqlContainer || mysqlContainer.name !== containerName) return '';
    const runDirectory = join(runtime.directory, 'pods', String(pod.metadata.uid));
    const text = await readContainerLog(runDirectory, request.previous, request.tailLines);
    if (text !== undefined) return text;
    if (request.previous) {
      throw new ApiError(400, 'BadRequest', `previous terminated container "${containerName}" in pod "${String(pod.metadata.name)}" not found`);
    }
    return '';
  };
}
