import { jsonEqual, type KubeObject } from '../apiserver/kube-object.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';
import { startControllerLoop, type RunningController } from './controller-loop.js';
import { isPodReady } from './pod-state.js';

/**
 * Starts the Endpoints controller: for each Service with a selector it keeps the Endpoints of the
 * same name in step with the matching pods that have an IP and are not terminating. Ready pods
 * are `addresses`, the others `notReadyAddresses`. Endpoints of a Service without a selector are
 * left to their owner, and the Endpoints of a Service this controller managed are deleted with the Service.
 */
export function startEndpointsController(runtime: LabRuntime): RunningController {
  const managed = new Set<string>();
  return startControllerLoop(runtime, {
    name: 'endpoints-controller',
    resources: ['services', 'pods', 'endpoints'],
    reconcile: () => {
      const services = runtime.store.list('services').items.filter((service) => Object.keys(service.spec?.selector ?? {}).length > 0);
      const live = new Set(services.map((service) => `${service.metadata.namespace}/${service.metadata.name}`));
      for (const service of services) syncEndpoints(runtime, service);
      for (const key of managed) {
        if (live.has(key)) continue;
        const [namespace = '', name = ''] = key.split('/');
        const serviceGone = !runtime.store.find('services', namespace, name);
        if (serviceGone && runtime.store.find('endpoints', namespace, name)) runtime.store.delete('endpoints', namespace, name);
      }
      managed.clear();
      for (const key of live) managed.add(key);
    },
  });
}

function syncEndpoints(runtime: LabRuntime, service: KubeObject): void {
  const { namespace, name } = service.metadata;
  const pods = runtime.store
    .list('pods', { namespace, labelSelector: Object.entries(service.spec.selector).map(([key, value]) => `${key}=${String(value)}`).join(',') })
    .items.filter((pod) => !pod.metadata.deletionTimestamp && pod.status?.podIP);
  const subsets = buildSubsets(service, pods);
  const existing = runtime.store.find('endpoints', namespace, name);
  const labels = { ...service.metadata.labels };

  if (!existing) {
    runtime.store.create('endpoints', { metadata: { name, namespace, labels }, ...(subsets.length > 0 ? { subsets } : {}) });
    return;
  }
  if (jsonEqual(existing.subsets ?? [], subsets) && jsonEqual(existing.metadata.labels ?? {}, labels)) return;
  const next: KubeObject = { ...existing, metadata: { ...existing.metadata, labels } };
  if (subsets.length > 0) next.subsets = subsets;
  else delete next.subsets;
  runtime.store.update('endpoints', next);
}

/** Groups pods by the ports they resolve to, one subset per port list, addresses sorted by IP. */
function buildSubsets(service: KubeObject, pods: KubeObject[]): KubeObject[] {
  const subsets = new Map<string, KubeObject>();
  for (const pod of pods) {
    const ports = (service.spec.ports ?? []).flatMap((port: KubeObject) => endpointPort(port, pod));
    if (ports.length === 0) continue;
    const key = JSON.stringify(ports);
    const subset = subsets.get(key) ?? { addresses: [], notReadyAddresses: [], ports };
    subsets.set(key, subset);
    const address = {
      ip: pod.status.podIP,
      nodeName: pod.spec?.nodeName,
      targetRef: { kind: 'Pod', namespace: pod.metadata.namespace, name: pod.metadata.name, uid: pod.metadata.uid },
    };
    (isPodReady(pod) ? subset.addresses : subset.notReadyAddresses).push(address);
  }
  return [...subsets.values()].map((subset) => {
    const result: KubeObject = { ports: subset.ports };
    if (subset.addresses.length > 0) result.addresses = sortByIp(subset.addresses);
    if (subset.notReadyAddresses.length > 0) result.notReadyAddresses = sortByIp(subset.notReadyAddresses);
    return result;
  });
}

/** Resolves a Service port's targetPort for one pod: a number as is, a name through the pod's container ports. */
function endpointPort(servicePort: KubeObject, pod: KubeObject): KubeObject[] {
  const target = servicePort.targetPort ?? servicePort.port;
  let port: number | undefined = typeof target === 'number' ? target : undefined;
  if (typeof target === 'string') {
    const containerPorts: KubeObject[] = (pod.spec?.containers ?? []).flatMap((container: KubeObject) => container.ports ?? []);
    const named = containerPorts.find((containerPort) => containerPort.name === target);
    port = named ? Number(named.containerPort) : /^\d+$/.test(target) ? Number(target) : undefined;
  }
  if (port === undefined) return [];
  return [{ ...(servicePort.name ? { name: servicePort.name } : {}), port, protocol: servicePort.protocol ?? 'TCP' }];
}

function sortByIp(addresses: KubeObject[]): KubeObject[] {
  return addresses.sort((a, b) => String(a.ip).localeCompare(String(b.ip), undefined, { numeric: true }));
}
