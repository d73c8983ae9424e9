import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino, type Logger } from 'pino';
import { ObjectStore } from '../apiserver/object-store.js';
import { startLabApiServer } from '../apiserver/server.js';
import { startControllers } from '../controllers/start-controllers.js';
import { startKubelet } from '../kubelet/kubelet.js';
import type { PortworxClusterState } from '../portworx/cluster-state.js';
import { LabNodeStates } from '../runtime/lab-node-states.js';
import { DEFAULT_LAB_TIMING, type LabRuntime, type LabTiming } from '../runtime/lab-runtime.js';
import { startStorage } from '../storage/start-storage.js';
import { createExecRouter } from './exec-router.js';
import { VolumeIoStats } from './volume-io-stats.js';
import { DEFAULT_POD_SUBNET } from './lab-topology.js';
import { createLabPortworxState, seedLabCluster } from './seed-lab-cluster.js';

export interface StartLabClusterOptions {
  /** Loopback address for the apiserver; default 127.0.0.1. Other addresses are rejected. */
  host?: string;
  /** TCP port; default 0, a free port. */
  port?: number;
  logger?: Logger;
  /** Folder for volume data and pod run folders; a temporary one (removed on close) when absent. */
  directory?: string;
  /** Seed the MySQL target; false seeds only the platform (nodes, Portworx, STORK). Default true. */
  workload?: boolean;
  /** Controller timing; tests shorten it. */
  timing?: Partial<LabTiming>;
  /** First three octets of the pod network; default `127.0.20`. Labs running at once need different ones. */
  podSubnet?: string;
}

export interface LabCluster {
  url: string;
  store: ObjectStore;
  portworx: PortworxClusterState;
  runtime: LabRuntime;
  /** Waits until the controllers, storage and kubelet have nothing left to do. */
  idle(): Promise<void>;
  /** Returns the cluster to its seeded state: stops every pod's server, wipes volumes and reseeds. */
  reset(): Promise<void>;
  close(): Promise<void>;
}

/**
 * Seeds the lab cluster and runs it: the apiserver on a loopback address, the controllers
 * (Deployments, ReplicaSets, scheduler with STORK placement, node lifecycle), Portworx storage and
 * the kubelet, which runs each MySQL pod as a real mariadbd.
 */
export async function startLabCluster(options: StartLabClusterOptions = {}): Promise<LabCluster> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host)) {
    throw new Error(`lab apiserver host "${host}" is not a loopback address: use an address in 127.0.0.0/8 or ::1`);
  }
  const ownsDirectory = options.directory === undefined;
  const directory = options.directory ?? (await mkdtemp(join(tmpdir(), 'pxmysql-lab-cluster-')));
  await mkdir(directory, { recursive: true });
  const logger = options.logger ?? pino({ level: 'silent' });

  const store = new ObjectStore();
  const portworx = createLabPortworxState();
  const podSubnet = options.podSubnet ?? DEFAULT_POD_SUBNET;
  const seed = { workload: options.workload !== false, podSubnet };
  seedLabCluster(store, portworx, new Date(), seed);
  const runtime: LabRuntime = {
    store,
    portworx,
    nodes: new LabNodeStates(),
    directory,
    logger,
    timing: { ...DEFAULT_LAB_TIMING, ...options.timing },
    now: () => new Date(),
    volumeFreezer: undefined,
    podSubnet,
  };

  let parts = startParts(runtime);
  const stats = new VolumeIoStats(runtime, () => parts.kubelet.volumeServers());
  const server = await startLabApiServer({
    host,
    port: options.port ?? 0,
    store,
    execHandler: createExecRouter({
      portworx,
      fallback: (request, streams, signal) => parts.kubelet.execHandler(request, streams, signal),
      refreshStats: () => stats.refresh().catch((error: unknown) => logger.warn({ err: error }, 'cannot refresh the volumes\' I/O figures')),
    }),
    podLogs: (request) => parts.kubelet.podLogs(request),
    logger,
  });

  const idle = async () => {
    await Promise.all([parts.controllers.idle(), parts.storage.idle(), parts.kubelet.idle()]);
  };

  return {
    url: server.url,
    store,
    portworx,
    runtime,
    idle,
    reset: async () => {
      await stopParts(parts);
      for (const node of runtime.nodes.downNodes()) runtime.nodes.setDown(node, false);
      await rm(join(directory, 'volumes'), { recursive: true, force: true });
      await rm(join(directory, 'pods'), { recursive: true, force: true });
      seedLabCluster(store, portworx, new Date(), seed);
      parts = startParts(runtime);
    },
    close: async () => {
      await stopParts(parts);
      await server.close();
      if (ownsDirectory) await rm(directory, { recursive: true, force: true });
    },
  };
}

function startParts(runtime: LabRuntime) {
  return { controllers: startControllers(runtime), storage: startStorage(runtime), kubelet: startKubelet(runtime) };
}

async function stopParts(parts: ReturnType<typeof startParts>): Promise<void> {
  await parts.controllers.stop();
  await parts.storage.stop();
  await parts.kubelet.stop();
}

function isLoopback(host: string): boolean {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '::1' || host === 'localhost';
}
