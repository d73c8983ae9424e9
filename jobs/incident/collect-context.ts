import { CoreV1Api, type CoreV1Event, type KubeConfig } from '@kubernetes/client-node';
import type { TargetConfig } from '../../src/config/targets-schema.js';
import { describeError, PxmysqlError } from '../../src/errors.js';
import { execInPod } from '../../src/kube/exec.js';
import { toKubeError } from '../../src/kube/kube-errors.js';
import { findPortworxPod, runPxctlInPod, type PortworxPod } from '../../src/portworx/pxctl-runner.js';
import { validateVolumeName } from '../../src/portworx/volume-name.js';

/** Deadline of each pxctl call made for an incident summary, in milliseconds. */
const PXCTL_TIMEOUT_MS = 20_000;
/** Number of most recent pod events shown in the summary. */
export const MAX_EVENTS = 20;

/** One piece of context: its output, or why it could not be read. */
export type ContextPiece = { output: string } | { error: string };

export interface IncidentContext {
  pxctlStatus: ContextPiece;
  volumeInspect: ContextPiece;
  podEvents: ContextPiece;
}

/**
 * Reads `pxctl status`, `pxctl volume inspect` of the target's volume and the recent events of the
 * target's pods. Each piece fails on its own: a node that is down or an API call that is refused
 * becomes that piece's error, and the other pieces are still read.
 */
export async function collectIncidentContext(kubeConfig: KubeConfig, target: TargetConfig): Promise<IncidentContext> {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const portworxPod = findPortworxPod(core, target.portworx).catch((error: unknown) => Promise.reject(kubeFailure(error, `portworx pods in ${target.portworx.namespace}`)));
  // Both pxctl pieces await the one lookup; this keeps its rejection from counting as unhandled meanwhile.
  portworxPod.catch(() => undefined);
  const [pxctlStatus, volumeInspect, podEvents] = await Promise.all([
    piece(async () => runPxctl(kubeConfig, await portworxPod, ['status'])),
    piece(async () => {
      const volumeName = await boundVolume(core, target);
      validateVolumeName(volumeName);
      return runPxctl(kubeConfig, await portworxPod, ['volume', 'inspect', volumeName]);
    }),
    piece(async () => formatEvents(await recentPodEvents(core, target))),
  ]);
  return { pxctlStatus, volumeInspect, podEvents };
}

async function piece(read: () => Promise<string>): Promise<ContextPiece> {
  try {
    return { output: await read() };
  } catch (error) {
    return { error: describeError(error) };
  }
}

async function runPxctl(kubeConfig: KubeConfig, pod: PortworxPod, args: string[]): Promise<string> {
  const result = await runPxctlInPod((request) => execInPod(kubeConfig, request), pod, args, { timeoutMs: PXCTL_TIMEOUT_MS });
  if (result.exitCode === 0) return result.stdout;
  const detail = (result.stderr.trim() || result.stdout.trim()).split('\n')[0] || 'no output';
  const status = result.exitCode === 'unknown' ? 'ended without an exit status' : `exited with code ${result.exitCode}`;
  throw new Error(`pxctl ${args.join(' ')} in pod ${pod.namespace}/${pod.name} ${status}: ${detail}`);
}

async function boundVolume(core: CoreV1Api, target: TargetConfig): Promise<string> {
  const claim = await core
    .readNamespacedPersistentVolumeClaim({ name: target.pvc, namespace: target.namespace })
    .catch((error: unknown) => Promise.reject(toKubeError(error, `PVC ${target.namespace}/${target.pvc}`)));
  const volumeName = claim.spec?.volumeName;
  if (!volumeName) throw new Error(`PVC ${target.namespace}/${target.pvc} is not bound to a volume`);
  return volumeName;
}

/** Events about pods whose name starts with the Deployment's name, oldest first, at most MAX_EVENTS. */
async function recentPodEvents(core: CoreV1Api, target: TargetConfig): Promise<CoreV1Event[]> {
  const list = await core
    .listNamespacedEvent({ namespace: target.namespace, fieldSelector: 'involvedObject.kind=Pod' })
    .catch((error: unknown) => Promise.reject(toKubeError(error, `events in ${target.namespace}`)));
  const prefix = `${target.deployment}-`;
  return list.items
    .filter((event) => event.involvedObject.name?.startsWith(prefix) === true)
    .sort((left, right) => eventTime(left) - eventTime(right))
    .slice(-MAX_EVENTS);
}

/** Keeps errors pxmysql already described (such as `portworx_pod_not_found`), and shortens Kubernetes client errors. */
function kubeFailure(error: unknown, resource: string): unknown {
  return error instanceof PxmysqlError ? error : toKubeError(error, resource);
}

function eventTime(event: CoreV1Event): number {
  const time = event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp ?? event.metadata.creationTimestamp;
  return time === undefined ? 0 : new Date(time).getTime();
}

/** Formats events like `kubectl get events`: time, type, reason, object, message and repeat count. */
export function formatEvents(events: readonly CoreV1Event[]): string {
  if (events.length === 0) return 'No events.';
  return events
    .map((event) => {
      const time = eventTime(event) === 0 ? '-' : new Date(eventTime(event)).toISOString().replace('.000Z', 'Z');
      const count = (event.count ?? 1) > 1 ? ` (x${event.count})` : '';
      return `${time}  ${event.type ?? '-'}  ${event.reason ?? '-'}  pod/${event.involvedObject.name ?? '?'}  ${event.message ?? ''}${count}`;
    })
    .join('\n');
}
