import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import type { KubeObject } from '../../../src/lab/apiserver/kube-object.js';
import { ObjectStore } from '../../../src/lab/apiserver/object-store.js';
import { MYSQL_NAMESPACE, MYSQL_ROOT_PASSWORD } from '../../../src/lab/cluster/seed-mysql.js';
import { createLabPortworxState, seedLabCluster } from '../../../src/lab/cluster/seed-lab-cluster.js';
import { startKubelet, type Kubelet } from '../../../src/lab/kubelet/kubelet.js';
import { requireBinary } from '../../../src/lab/processes/require-binary.js';
import { LabNodeStates } from '../../../src/lab/runtime/lab-node-states.js';
import type { LabRuntime } from '../../../src/lab/runtime/lab-runtime.js';
import { captureLogger } from '../../support/capture-logger.js';
import { uniquePodSubnet } from '../../support/pod-subnet.js';

export interface KubeletHarness {
  runtime: LabRuntime;
  kubelet: Kubelet;
  logs: ReturnType<typeof captureLogger>;
  /** The seeded MySQL pod as it is stored now. */
  mysqlPod(): KubeObject;
  /** The pod's error log (`<lab directory>/pods/<uid>/error.log`). */
  errorLog(pod: KubeObject): Promise<string>;
  /** Opens a root connection to a pod's server on its pod IP. */
  connect(pod: KubeObject, password?: string): Promise<mysql.Connection>;
  stop(): Promise<void>;
}

/**
 * Seeds the default lab cluster into an in-process store and starts the kubelet on it, with a
 * temporary lab directory and short timings. No other controller runs. The seeded MySQL pod gets
 * `podIp` (a different one per test file), because test files run in parallel and two servers
 * cannot listen on the same address and port.
 */
/** Pod network of this test process, so parallel test files and a running lab never share an address. */
export const TEST_POD_SUBNET = uniquePodSubnet();

export async function startKubeletHarness(podIp: string): Promise<KubeletHarness> {
  // Fail with the Debian package to install instead of a pod that never becomes Ready.
  requireBinary('mariadbd', 'mariadb-server');
  requireBinary('mariadb', 'mariadb-client');
  const directory = await mkdtemp(join(tmpdir(), 'pxmysql-kubelet-'));
  const store = new ObjectStore();
  const portworx = createLabPortworxState();
  seedLabCluster(store, portworx);
  const seeded = store.list('pods', { namespace: MYSQL_NAMESPACE, labelSelector: 'app=mysql' }).items[0];
  if (!seeded) throw new Error('seedLabCluster created no MySQL pod');
  store.updateStatus('pods', { ...seeded, status: { ...seeded.status, podIP: podIp, podIPs: [{ ip: podIp }] } });
  const logs = captureLogger('debug');
  const runtime: LabRuntime = {
    store,
    portworx,
    nodes: new LabNodeStates(),
    directory,
    logger: logs.logger,
    timing: { nodeMonitorGracePeriodMs: 5_000, podEvictionTimeoutMs: 20_000, resyncMs: 100 },
    now: () => new Date(),
    volumeFreezer: undefined,
    podSubnet: TEST_POD_SUBNET,
  };
  const kubelet = startKubelet(runtime, { restartBackoffMs: 200, maxRestartBackoffMs: 1_000 });

  const mysqlPod = (): KubeObject => {
    const pods = store.list('pods', { namespace: MYSQL_NAMESPACE, labelSelector: 'app=mysql' }).items;
    const pod = pods[0];
    if (!pod) throw new Error('the seeded MySQL pod is gone');
    return pod;
  };

  return {
    runtime,
    kubelet,
    logs,
    mysqlPod,
    errorLog: async (pod) => await readFile(join(directory, 'pods', String(pod.metadata.uid), 'error.log'), 'utf8'),
    connect: async (pod, password = MYSQL_ROOT_PASSWORD) =>
      await mysql.createConnection({ host: String(pod.status.podIP), port: 3306, user: 'root', password, connectTimeout: 2_000 }),
    stop: async () => {
      await kubelet.stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** Polls `check` until it returns a value other than undefined or false, or throws after `timeoutMs`. */
export async function waitFor<T>(what: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  while (Date.now() < deadline) {
    try {
      const value = await check();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      lastError = error;
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  const detail = lastError === undefined ? '' : ` (last error: ${(lastError as Error).message})`;
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${detail}`);
}

/** True when the pod's Ready condition is True. */
export function isReady(pod: KubeObject | undefined): boolean {
  return (pod?.status?.conditions ?? []).some((condition: KubeObject) => condition.type === 'Ready' && condition.status === 'True');
}

/**
 * Waits until the kubelet has no start in progress and the seeded MySQL pod is Ready, and returns
 * the pod. The seeded pod is stored as Ready before any server runs, so the wait for the kubelet
 * comes first.
 */
export async function waitForReadyMysqlPod(harness: KubeletHarness): Promise<KubeObject> {
  await harness.kubelet.idle();
  return await waitFor('the MySQL pod to be Ready', () => {
    const pod = harness.mysqlPod();
    return isReady(pod) && pod.status.containerStatuses?.[0]?.state?.running ? pod : undefined;
  });
}

/** True while a process with this pid exists (a zombie counts as gone). */
export async function processExists(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0] !== 'Z';
  } catch {
    return false;
  }
}

/** Returns the events about an object, by reason. */
export function eventsFor(runtime: LabRuntime, object: KubeObject): KubeObject[] {
  return runtime.store.list('events', { namespace: String(object.metadata.namespace), fieldSelector: `involvedObject.uid=${String(object.metadata.uid)}` }).items;
}
