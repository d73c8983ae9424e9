import { randomBytes } from 'node:crypto';
import type { KubeObject } from '../apiserver/kube-object.js';
import { isoSeconds } from '../apiserver/object-store.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';

export interface EventInput {
  /** The object the event is about: a pod, ReplicaSet, Deployment or node. */
  involvedObject: KubeObject;
  type: 'Normal' | 'Warning';
  reason: string;
  message: string;
  /** Reporting component, e.g. `default-scheduler`, `replicaset-controller`. */
  component: string;
  /** Node name for components that run on a node (the kubelet). */
  host?: string;
}

/**
 * Writes a core/v1 Event. A repeat of an event with the same object, reason, message and source
 * bumps `count` and `lastTimestamp` of the stored one, as the client-go event recorder does.
 * Events about cluster-scoped objects (nodes) go to the `default` namespace.
 */
export function recordEvent(runtime: LabRuntime, input: EventInput): KubeObject {
  const { store } = runtime;
  const now = isoSeconds(runtime.now());
  const involved = input.involvedObject;
  const namespace = String(involved.metadata?.namespace ?? 'default');
  const involvedObject = {
    apiVersion: involved.apiVersion,
    kind: involved.kind,
    name: involved.metadata?.name,
    ...(involved.metadata?.namespace ? { namespace: involved.metadata.namespace } : {}),
    uid: involved.metadata?.uid,
    resourceVersion: involved.metadata?.resourceVersion,
  };
  const source = input.host ? { component: input.component, host: input.host } : { component: input.component };

  const repeat = store
    .list('events', { namespace, fieldSelector: `involvedObject.uid=${String(involvedObject.uid ?? '')},reason=${input.reason}` })
    .items.find((event) => event.message === input.message && event.source?.component === input.component && event.type === input.type);
  if (repeat) {
    return store.update('events', { ...repeat, count: Number(repeat.count ?? 1) + 1, lastTimestamp: now, involvedObject });
  }

  return store.create('events', {
    metadata: { name: `${String(involvedObject.name)}.${randomBytes(8).toString('hex')}`, namespace },
    involvedObject,
    reason: input.reason,
    message: input.message,
    type: input.type,
    count: 1,
    firstTimestamp: now,
    lastTimestamp: now,
    eventTime: null,
    source,
    reportingComponent: input.component,
    reportingInstance: input.host ?? '',
  });
}

