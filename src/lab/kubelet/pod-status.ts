import { createHash } from 'node:crypto';
import type { KubeObject } from '../apiserver/kube-object.js';
import { isoSeconds } from '../apiserver/object-store.js';
import { withCondition } from '../controllers/pod-state.js';
import type { PodRecord } from './pod-record.js';

/** Returns the image reference containerd reports, e.g. `docker.io/library/mysql:5.6` for `mysql:5.6`. */
export function fullImageName(image: string): string {
  const firstPart = image.split('/')[0] ?? '';
  const hasRegistry = image.includes('/') && (firstPart.includes('.') || firstPart.includes(':'));
  if (hasRegistry) return image;
  return image.includes('/') ? `docker.io/${image}` : `docker.io/library/${image}`;
}

/** Builds an `imageID` from a digest of the image name, so it stays the same between restarts. */
function imageId(image: string): string {
  const reference = fullImageName(image);
  const repository = reference.replace(/:[^/:@]*$/, '');
  return `${repository}@sha256:${createHash('sha256').update(reference).digest('hex')}`;
}

/**
 * Builds the status of a MySQL pod from the kubelet's record. The MySQL container is running once
 * mariadbd has started, and Ready only when `ready` is true because a real root login worked.
 * Other containers of the pod have no process and count as running and ready. Phase is Pending
 * until a container has run once, then Running. Condition times change only when a status changes.
 */
export function mysqlPodStatus(pod: KubeObject, record: PodRecord, hostIp: string | undefined, ready: boolean, now: Date): KubeObject {
  const previous: KubeObject = pod.status ?? {};
  const time = isoSeconds(now);
  const running = record.server !== undefined && record.startedAt !== undefined;
  const hasRun = running || record.lastTerminated !== undefined || previous.phase === 'Running';

  const containers: KubeObject[] = pod.spec?.containers ?? [];
  const containerStatuses = containers.map((container) =>
    container.name === record.containerName ? mysqlContainerStatus(container, record, running, running && ready) : sidecarStatus(container, previous.startTime ?? time),
  );
  const allReady = containerStatuses.every((status) => status.ready === true);
  const unready = containerStatuses.filter((status) => status.ready !== true).map((status) => String(status.name));
  const readiness = allReady
    ? { status: 'True' }
    : { status: 'False', reason: 'ContainersNotReady', message: `containers with unready status: [${unready.join(' ')}]` };

  let conditions: KubeObject[] = previous.conditions ?? [];
  conditions = withCondition(conditions, { type: 'PodReadyToStartContainers', status: record.volumeId !== undefined ? 'True' : 'False', lastProbeTime: null }, now);
  conditions = withCondition(conditions, { type: 'Initialized', status: 'True', lastProbeTime: null }, now);
  conditions = withCondition(conditions, { type: 'Ready', ...readiness, lastProbeTime: null }, now);
  conditions = withCondition(conditions, { type: 'ContainersReady', ...readiness, lastProbeTime: null }, now);
  conditions = withCondition(conditions, { type: 'PodScheduled', status: 'True', lastProbeTime: null }, now);
  conditions = conditions.map((condition) => (condition.status === 'True' ? withoutReason(condition) : condition));

  return {
    ...previous,
    phase: hasRun ? 'Running' : 'Pending',
    conditions,
    ...(hostIp ? { hostIP: hostIp, hostIPs: [{ ip: hostIp }] } : {}),
    ...(record.podIp ? { podIP: record.podIp, podIPs: [{ ip: record.podIp }] } : {}),
    startTime: previous.startTime ?? time,
    qosClass: previous.qosClass ?? 'BestEffort',
    containerStatuses,
  };
}

function mysqlContainerStatus(container: KubeObject, record: PodRecord, running: boolean, ready: boolean): KubeObject {
  const image = String(container.image);
  const last = record.lastTerminated;
  const waiting = record.waiting ?? { reason: 'ContainerCreating' };
  return {
    name: container.name,
    image: fullImageName(image),
    imageID: running || last ? imageId(image) : '',
    ...(running && record.containerId ? { containerID: record.containerId } : {}),
    ready,
    started: running,
    restartCount: record.restartCount,
    state: running ? { running: { startedAt: isoSeconds(record.startedAt as Date) } } : { waiting: { ...waiting } },
    lastState: last
      ? {
          terminated: {
            exitCode: last.exitCode,
            reason: last.reason,
            startedAt: isoSeconds(last.startedAt),
            finishedAt: isoSeconds(last.finishedAt),
            containerID: last.containerId,
          },
        }
      : {},
  };
}

function sidecarStatus(container: KubeObject, startedAt: string): KubeObject {
  const image = String(container.image);
  return {
    name: container.name,
    image: fullImageName(image),
    imageID: imageId(image),
    ready: true,
    started: true,
    restartCount: 0,
    state: { running: { startedAt } },
    lastState: {},
  };
}

function withoutReason(condition: KubeObject): KubeObject {
  const { reason: _reason, message: _message, ...rest } = condition;
  return rest;
}
