import { randomBytes } from 'node:crypto';
import type { KubeObject } from '../apiserver/kube-object.js';

/** Returns an RFC 3339 timestamp with whole seconds, as Kubernetes writes them. */
export function timestamp(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/** Returns the image reference containerd reports for an image name, e.g. `docker.io/library/mysql:5.6`. */
function fullImageName(image: string): string {
  const firstPart = image.split('/')[0] ?? '';
  const hasRegistry = image.includes('/') && (firstPart.includes('.') || firstPart.includes(':'));
  if (hasRegistry) return image;
  return image.includes('/') ? `docker.io/${image}` : `docker.io/library/${image}`;
}

/**
 * Builds the status of a pod that started at `startedAt` and whose containers are all running
 * and ready, with restartCount 0: phase Running, the five pod conditions and one containerStatus
 * per container.
 */
export function runningPodStatus(spec: KubeObject, hostIp: string, podIp: string, startedAt: Date): KubeObject {
  const time = timestamp(startedAt);
  const condition = (type: string): KubeObject => ({ type, status: 'True', lastProbeTime: null, lastTransitionTime: time });
  const containers: KubeObject[] = spec.containers ?? [];
  return {
    phase: 'Running',
    conditions: ['PodReadyToStartContainers', 'Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map(condition),
    hostIP: hostIp,
    hostIPs: [{ ip: hostIp }],
    podIP: podIp,
    podIPs: [{ ip: podIp }],
    startTime: time,
    qosClass: 'BestEffort',
    containerStatuses: containers.map((container) => ({
      name: container.name,
      image: fullImageName(String(container.image)),
      imageID: `${fullImageName(String(container.image)).split(':')[0]}@sha256:${randomBytes(32).toString('hex')}`,
      containerID: `containerd://${randomBytes(32).toString('hex')}`,
      ready: true,
      started: true,
      restartCount: 0,
      state: { running: { startedAt: time } },
      lastState: {},
    })),
  };
}
