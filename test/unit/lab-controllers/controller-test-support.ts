import type { KubeObject } from '../../../src/lab/apiserver/kube-object.js';
import { ObjectStore } from '../../../src/lab/apiserver/object-store.js';
import { runningPodStatus } from '../../../src/lab/cluster/running-pod-status.js';
import { createLabPortworxState, seedLabCluster } from '../../../src/lab/cluster/seed-lab-cluster.js';
import type { ControllerHandle } from '../../../src/lab/controllers/controller-loop.js';
import { LabNodeStates } from '../../../src/lab/runtime/lab-node-states.js';
import type { LabRuntime, LabTiming } from '../../../src/lab/runtime/lab-runtime.js';
import { captureLogger } from '../../support/capture-logger.js';
import { uniquePodSubnet } from '../../support/pod-subnet.js';

export const NODE_NVXM = 'gke-gke-px-default-pool-177a3f0b-nvxm';
export const NODE_SLKB = 'gke-gke-px-default-pool-177a3f0b-slkb';
export const NODE_ST0N = 'gke-gke-px-default-pool-177a3f0b-st0n';

/** A clock that moves only when a test advances it. */
export class FakeClock {
  private current: number;

  constructor(start = Date.parse('2025-06-01T10:00:00Z')) {
    this.current = start;
  }

  now = (): Date => new Date(this.current);

  advance(milliseconds: number): void {
    this.current += milliseconds;
  }
}

export interface TestRuntime {
  runtime: LabRuntime;
  clock: FakeClock;
  /** Log lines at warn level and above, parsed. */
  logLines: Array<Record<string, unknown>>;
}

/**
 * Builds a LabRuntime on an in-process ObjectStore and a fake clock. The resync interval is an
 * hour, so controllers run only on store events and `idle()`. With `seed`, the store contains the
 * default lab cluster (3 nodes, Portworx, the mysql Deployment on st0n).
 */
export function createTestRuntime(options: { seed?: boolean; timing?: Partial<LabTiming> } = {}): TestRuntime {
  const clock = new FakeClock();
  const store = new ObjectStore({ now: clock.now });
  const portworx = createLabPortworxState();
  if (options.seed) seedLabCluster(store, portworx, clock.now());
  else store.create('namespaces', { metadata: { name: 'default' } });
  const logs = captureLogger('warn');
  const runtime: LabRuntime = {
    store,
    portworx,
    nodes: new LabNodeStates(),
    directory: '/nonexistent/pxmysql-lab-controllers-test',
    logger: logs.logger,
    timing: { nodeMonitorGracePeriodMs: 5_000, podEvictionTimeoutMs: 20_000, resyncMs: 3_600_000, ...options.timing },
    now: clock.now,
    volumeFreezer: undefined,
    podSubnet: uniquePodSubnet(),
  };
  return { runtime, clock, logLines: logs.lines };
}

let podIpCounter = 100;

/**
 * Does what the kubelets of the nodes that are up would do, in one pass: remove pods whose
 * deletion started and start bound Pending pods as Running and Ready. Returns whether it changed anything.
 */
export function kubeletPass(runtime: LabRuntime): boolean {
  let changed = false;
  for (const pod of runtime.store.list('pods').items) {
    const nodeName = pod.spec?.nodeName;
    if (!nodeName || runtime.nodes.isDown(nodeName)) continue;
    if (pod.metadata.deletionTimestamp) {
      runtime.store.delete('pods', pod.metadata.namespace, pod.metadata.name, { gracePeriodSeconds: 0 });
      changed = true;
    } else if (pod.status?.phase === 'Pending') {
      const node = runtime.store.get('nodes', undefined, nodeName);
      const hostIp = String(node.status?.addresses?.[0]?.address ?? '127.0.10.1');
      podIpCounter = podIpCounter >= 250 ? 100 : podIpCounter + 1;
      const podIp = pod.spec.hostNetwork ? hostIp : `127.0.20.${podIpCounter}`;
      runtime.store.updateStatus('pods', { ...pod, status: runningPodStatus(pod.spec, hostIp, podIp, runtime.now()) });
      changed = true;
    }
  }
  return changed;
}

/** Lets the controllers and the fake kubelet run until neither has anything left to do. */
export async function settle(controllers: ControllerHandle, runtime: LabRuntime, options: { kubelet?: boolean } = {}): Promise<void> {
  for (let round = 0; round < 50; round += 1) {
    await controllers.idle();
    if (options.kubelet === false || !kubeletPass(runtime)) return;
  }
  throw new Error('controllers and the fake kubelet did not settle within 50 rounds');
}

/** Returns the Running or Pending pods with the label selector, skipping terminating ones. */
export function activePods(runtime: LabRuntime, labelSelector: string, namespace = 'default'): KubeObject[] {
  return runtime.store.list('pods', { namespace, labelSelector }).items.filter((pod) => !pod.metadata.deletionTimestamp);
}

/** Returns the events about an object with one reason, as the messages. */
export function eventMessages(runtime: LabRuntime, object: KubeObject, reason: string): string[] {
  const namespace = String(object.metadata?.namespace ?? 'default');
  return runtime.store
    .list('events', { namespace, fieldSelector: `involvedObject.name=${String(object.metadata.name)},reason=${reason}` })
    .items.map((event) => String(event.message));
}

/** Returns the messages of the error-level log lines (level 50 and above). */
export function errorLogs(lines: Array<Record<string, unknown>>): string[] {
  return lines.filter((line) => Number(line.level) >= 50).map((line) => `${String(line.msg)}: ${JSON.stringify(line.err ?? '')}`);
}

/** Builds a Deployment manifest with one `nginx` container and the given strategy. */
export function deploymentManifest(name: string, replicas: number, strategy: KubeObject, image = 'nginx:1.27'): KubeObject {
  return {
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: {
      replicas,
      selector: { matchLabels: { app: name } },
      strategy,
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'web', image }] } },
    },
  };
}

/** Adds 3 Ready GKE-like nodes to an empty test store, with matching Portworx nodes. */
export function addNodes(runtime: LabRuntime, names = [NODE_NVXM, NODE_SLKB, NODE_ST0N]): void {
  names.forEach((name, index) => {
    runtime.store.create('nodes', {
      metadata: { name, labels: { 'kubernetes.io/hostname': name, 'px/enabled': 'true' } },
      spec: {},
      status: {
        addresses: [{ type: 'InternalIP', address: `127.0.10.${index + 2}` }],
        conditions: [{ type: 'Ready', status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' }],
      },
    });
  });
}
