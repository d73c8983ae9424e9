import type { KubeObject } from './kube-object.js';
import { ageSince } from './human-duration.js';
import { AGE_COLUMN, NAME_COLUMN, column, formatLabels, joinOrNone, type TablePrinter } from './table-types.js';

/** Columns of `kubectl get pods`, from the Kubernetes 1.33 internal printers. */
export const podPrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column('Ready', { description: 'The aggregate readiness state of this pod for accepting traffic.' }),
    column('Status', { description: 'The aggregate status of the containers in this pod.' }),
    column('Restarts', { description: 'The number of times the containers in this pod have been restarted and when the last container in this pod has restarted.' }),
    AGE_COLUMN,
    column('IP', { priority: 1, description: 'IP address allocated to the pod. Routable at least within the cluster. Empty if not yet allocated.' }),
    column('Node', { priority: 1, description: 'Name of the Node this Pod is assigned to.' }),
    column('Nominated Node', { priority: 1, description: 'Name of the node where the Pod is nominated to run.' }),
    column('Readiness Gates', { priority: 1, description: 'Pod readiness gates.' }),
  ],
  cells(pod, now) {
    const containers: KubeObject[] = pod.spec?.containers ?? [];
    const statuses: KubeObject[] = pod.status?.containerStatuses ?? [];
    const ready = statuses.filter((status) => status.ready === true).length;
    const restarts = statuses.reduce((total, status) => total + Number(status.restartCount ?? 0), 0);
    const gates: KubeObject[] = pod.spec?.readinessGates ?? [];
    return [
      pod.metadata.name,
      `${ready}/${containers.length}`,
      podStatusReason(pod),
      restarts,
      ageSince(pod.metadata.creationTimestamp, now),
      pod.status?.podIP ?? '<none>',
      pod.spec?.nodeName ?? '<none>',
      pod.status?.nominatedNodeName ?? '<none>',
      gates.length === 0 ? '<none>' : `${gates.length}`,
    ];
  },
};

/** Returns the STATUS cell of a pod: the waiting or terminated reason of a container, else the phase. */
export function podStatusReason(pod: KubeObject): string {
  let reason: string = pod.status?.reason ?? pod.status?.phase ?? 'Unknown';
  for (const status of (pod.status?.containerStatuses ?? []) as KubeObject[]) {
    const waiting = status.state?.waiting?.reason;
    const terminated = status.state?.terminated?.reason;
    if (waiting) reason = waiting;
    else if (terminated) reason = terminated;
  }
  if (pod.metadata?.deletionTimestamp) reason = pod.status?.reason === 'NodeLost' ? 'Unknown' : 'Terminating';
  return reason;
}

/** Columns of `kubectl get nodes`. */
export const nodePrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column('Status', { description: 'The status of the node' }),
    column('Roles', { description: 'The roles of the node' }),
    AGE_COLUMN,
    column('Version', { description: 'Kubelet Version reported by the node.' }),
    column('Internal-IP', { priority: 1, description: 'List of internal IPs.' }),
    column('External-IP', { priority: 1, description: 'List of external IPs.' }),
    column('OS-Image', { priority: 1, description: 'OS image reported by the node from /etc/os-release.' }),
    column('Kernel-Version', { priority: 1, description: 'Kernel version reported by the node.' }),
    column('Container-Runtime', { priority: 1, description: 'Container runtime version reported by the node.' }),
  ],
  cells(node, now) {
    const addresses: KubeObject[] = node.status?.addresses ?? [];
    const addressOf = (kind: string): string => addresses.find((address) => address.type === kind)?.address ?? '<none>';
    const info = node.status?.nodeInfo ?? {};
    return [
      node.metadata.name,
      nodeStatus(node),
      joinOrNone(nodeRoles(node)),
      ageSince(node.metadata.creationTimestamp, now),
      info.kubeletVersion ?? '',
      addressOf('InternalIP'),
      addressOf('ExternalIP'),
      info.osImage ?? '<unknown>',
      info.kernelVersion ?? '<unknown>',
      info.containerRuntimeVersion ?? '<unknown>',
    ];
  },
};

function nodeStatus(node: KubeObject): string {
  const ready = ((node.status?.conditions ?? []) as KubeObject[]).find((condition) => condition.type === 'Ready');
  let readiness = 'Unknown';
  if (ready) readiness = ready.status === 'True' ? 'Ready' : 'NotReady';
  const states = [readiness];
  if (node.spec?.unschedulable === true) states.push('SchedulingDisabled');
  return states.join(',');
}

function nodeRoles(node: KubeObject): string[] {
  const roles: string[] = [];
  for (const [key, value] of Object.entries((node.metadata.labels ?? {}) as Record<string, string>)) {
    if (key.startsWith('node-role.kubernetes.io/')) roles.push(key.slice('node-role.kubernetes.io/'.length));
    else if (key === 'kubernetes.io/role') roles.push(value);
  }
  return roles.sort();
}

/** Columns of `kubectl get services`. */
export const servicePrinter: TablePrinter = {
  columns: [
    NAME_COLUMN,
    column('Type', { description: 'The type of the service.' }),
    column('Cluster-IP', { description: 'The cluster IP of the service.' }),
    column('External-IP', { description: 'The external IP of the service.' }),
    column('Port(s)', { description: 'The ports of the service.' }),
    AGE_COLUMN,
    column('Selector', { priority: 1, description: 'The selector of the service.' }),
  ],
  cells(service, now) {
    const ports = ((service.spec?.ports ?? []) as KubeObject[]).map((port) =>
      port.nodePort ? `${port.port}:${port.nodePort}/${port.protocol ?? 'TCP'}` : `${port.port}/${port.protocol ?? 'TCP'}`,
    );
    const ingress: KubeObject[] = service.status?.loadBalancer?.ingress ?? [];
    const externalIps = [...(service.spec?.externalIPs ?? []), ...ingress.map((entry) => entry.ip ?? entry.hostname)];
    let external = service.spec?.type === 'LoadBalancer' ? '<pending>' : '<none>';
    if (externalIps.length > 0) external = externalIps.join(',');
    return [
      service.metadata.name,
      service.spec?.type ?? 'ClusterIP',
      service.spec?.clusterIP ?? '<none>',
      external,
      joinOrNone(ports),
      ageSince(service.metadata.creationTimestamp, now),
      formatLabels(service.spec?.selector),
    ];
  },
};

export const secretPrinter: TablePrinter = {
  columns: [NAME_COLUMN, column('Type'), column('Data', { type: 'integer' }), AGE_COLUMN],
  cells: (secret, now) => [secret.metadata.name, secret.type ?? 'Opaque', Object.keys(secret.data ?? {}).length, ageSince(secret.metadata.creationTimestamp, now)],
};

export const configMapPrinter: TablePrinter = {
  columns: [NAME_COLUMN, column('Data', { type: 'integer' }), AGE_COLUMN],
  cells: (map, now) => [map.metadata.name, Object.keys(map.data ?? {}).length + Object.keys(map.binaryData ?? {}).length, ageSince(map.metadata.creationTimestamp, now)],
};

export const namespacePrinter: TablePrinter = {
  columns: [NAME_COLUMN, column('Status'), AGE_COLUMN],
  cells: (namespace, now) => [namespace.metadata.name, namespace.status?.phase ?? 'Active', ageSince(namespace.metadata.creationTimestamp, now)],
};

export const endpointsPrinter: TablePrinter = {
  columns: [NAME_COLUMN, column('Endpoints'), AGE_COLUMN],
  cells(endpoints, now) {
    const pairs: string[] = [];
    for (const subset of (endpoints.subsets ?? []) as KubeObject[]) {
      for (const address of (subset.addresses ?? []) as KubeObject[]) {
        for (const port of (subset.ports ?? []) as KubeObject[]) pairs.push(`${address.ip}:${port.port}`);
      }
    }
    return [endpoints.metadata.name, joinOrNone(pairs), ageSince(endpoints.metadata.creationTimestamp, now)];
  },
};

export const eventPrinter: TablePrinter = {
  columns: [column('Last Seen'), column('Type'), column('Reason'), column('Object'), column('Message')],
  cells(event, now) {
    const last = event.lastTimestamp ?? event.eventTime ?? event.metadata.creationTimestamp;
    const involved = event.involvedObject ?? {};
    return [ageSince(last, now), event.type ?? '', event.reason ?? '', `${String(involved.kind ?? '').toLowerCase()}/${involved.name ?? ''}`, event.message ?? ''];
  },
};
