import { ApiError } from '../apiserver/api-error.js';
import type { KubeObject } from '../apiserver/kube-object.js';
import type { MariadbProcess } from '../processes/mariadb-server.js';
import { detachVolume } from '../storage/volume-data.js';
import { retryWaitingPods, type KubeletContext } from './kubelet-context.js';
import type { PodRecord } from './pod-record.js';

/**
 * Finishes the graceful deletion of a MySQL pod on an up node: SIGTERM to mariadbd (a clean
 * InnoDB shutdown), SIGKILL when the grace period (`metadata.deletionGracePeriodSeconds`) runs out,
 * then detach the volume and delete the pod object for good. When the node goes down meanwhile,
 * the pod stays Terminating until the node is back.
 */
export async function terminateMysqlPod(context: KubeletContext, record: PodRecord, pod: KubeObject): Promise<void> {
  const server = record.server;
  if (server) {
    record.server = undefined;
    const graceSeconds = Number(pod.metadata.deletionGracePeriodSeconds ?? pod.spec?.terminationGracePeriodSeconds ?? 30);
    context.events.normal(record, 'Killing', `Stopping container ${record.containerName}`);
    await stopWithinGracePeriod(server, graceSeconds * 1_000);
    context.logger.info({ pod: record.name, namespace: record.namespace, node: record.nodeName, pid: server.pid }, 'mariadbd stopped for pod deletion');
  }
  if (context.runtime.nodes.isDown(record.nodeName)) return;

  releasePod(context, record);
  removePodObject(context, pod);
}

/**
 * Cleans up after a pod that left the store while the kubelet still had it (a force deletion):
 * SIGKILL to every server of the pod, then detach the volume.
 */
export async function cleanUpRemovedPod(context: KubeletContext, record: PodRecord): Promise<void> {
  record.server = undefined;
  const servers = [...record.liveProcesses];
  await Promise.all(servers.map((server) => server.kill()));
  if (servers.length > 0) {
    context.logger.info({ pod: record.name, namespace: record.namespace, node: record.nodeName }, 'mariadbd killed because its pod was removed');
  }
  releasePod(context, record);
}

/**
 * Sends SIGKILL at once to every mariadbd on a node that went down, as a power loss would, so
 * the next start runs InnoDB crash recovery. Pod objects and volume attachments stay as they are.
 * The container counts as terminated with exit code 137, so its next start is a restart.
 */
export function killServersOnNode(context: KubeletContext, nodeName: string): void {
  const now = context.runtime.now();
  for (const record of context.records.values()) {
    if (record.nodeName !== nodeName) continue;
    const server = record.server;
    if (server && record.startedAt) {
      record.lastTerminated = { exitCode: 137, reason: 'Error', startedAt: record.startedAt, finishedAt: now, containerId: record.containerId ?? '' };
      record.restartCount += 1;
    }
    record.server = undefined;
    record.startedAt = undefined;
    record.waiting = { reason: 'ContainerCreating' };
    record.retryAt = 0;
    for (const process of record.liveProcesses) void process.kill();
  }
}

/** Detaches the pod's volume, deletes its record and lets pods that wait for a volume try again. */
function releasePod(context: KubeletContext, record: PodRecord): void {
  if (record.volumeId !== undefined) detachVolume(context.runtime, record.volumeId, record.uid);
  context.records.delete(record.uid);
  context.events.forget(record.uid);
  retryWaitingPods(context);
}

/** Deletes the pod object with grace period 0; a pod already gone or replaced is left alone. */
function removePodObject(context: KubeletContext, pod: KubeObject): void {
  try {
    context.runtime.store.delete('pods', pod.metadata.namespace, pod.metadata.name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
  } catch (error) {
    if (error instanceof ApiError && (error.code === 404 || error.code === 409)) return;
    throw error;
  }
}

async function stopWithinGracePeriod(server: MariadbProcess, graceMs: number): Promise<void> {
  const timer = setTimeout(() => void server.kill(), graceMs);
  try {
    await server.stop();
  } finally {
    clearTimeout(timer);
  }
}
