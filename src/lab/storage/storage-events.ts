import { randomBytes } from 'node:crypto';
import type { KubeObject } from '../apiserver/kube-object.js';
import { isoSeconds } from '../apiserver/object-store.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';
import { RESOURCES } from './storage-names.js';

export type EventType = 'Normal' | 'Warning';

/**
 * Minimum time between two count updates of the same event. Controllers retry a failing object on
 * every resync, and without this limit a stuck PVC would rewrite its event twice a second.
 */
const REPEAT_INTERVAL_MS = 10_000;

/**
 * Records a core/v1 Event about `object`, as `kubectl describe` and `kubectl get events` show it.
 * An event with the same object, reason and message is updated (count and lastTimestamp) instead
 * of created again, as the client-go event correlator does. Events of cluster-scoped objects go to
 * the `default` namespace, like on a real cluster.
 */
export function recordEvent(runtime: LabRuntime, object: KubeObject, type: EventType, reason: string, message: string, component: string): void {
  try {
    writeEvent(runtime, object, type, reason, message, component);
  } catch (error) {
    // An event is a report, not state: failing to write one must not fail the controller's work.
    runtime.logger.warn({ err: error, object: object.metadata.name, reason }, 'failed to record event');
  }
}

function writeEvent(runtime: LabRuntime, object: KubeObject, type: EventType, reason: string, message: string, component: string): void {
  const { store } = runtime;
  const now = runtime.now();
  const namespace: string = object.metadata.namespace ?? 'default';
  const existing = store
    .list(RESOURCES.events, { namespace })
    .items.find((event) => event.involvedObject?.uid === object.metadata.uid && event.reason === reason && event.message === message);

  if (existing) {
    if (now.getTime() - Date.parse(existing.lastTimestamp) < REPEAT_INTERVAL_MS) return;
    logWarning(runtime, object, type, reason, message);
    store.update(RESOURCES.events, { ...existing, count: Number(existing.count ?? 1) + 1, lastTimestamp: isoSeconds(now) });
    return;
  }

  logWarning(runtime, object, type, reason, message);
  store.create(RESOURCES.events, {
    metadata: { name: `${object.metadata.name}.${randomBytes(8).toString('hex')}`, namespace },
    involvedObject: {
      apiVersion: object.apiVersion,
      kind: object.kind,
      name: object.metadata.name,
      ...(object.metadata.namespace ? { namespace: object.metadata.namespace } : {}),
      uid: object.metadata.uid,
      resourceVersion: object.metadata.resourceVersion,
    },
    reason,
    message,
    type,
    source: { component },
    reportingComponent: component,
    reportingInstance: '',
    firstTimestamp: isoSeconds(now),
    lastTimestamp: isoSeconds(now),
    count: 1,
  });
}

/** Logs a Warning event, so failures reach the lab log at the same rate as the event is written. */
function logWarning(runtime: LabRuntime, object: KubeObject, type: EventType, reason: string, message: string): void {
  if (type !== 'Warning') return;
  runtime.logger.warn({ kind: object.kind, namespace: object.metadata.namespace, name: object.metadata.name, reason }, message);
}
