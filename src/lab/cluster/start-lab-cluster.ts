import type { Logger } from 'pino';
import type { ExecHandler } from '../apiserver/exec.js';
import type { PodLogHandler } from '../apiserver/handler-context.js';
import { ObjectStore } from '../apiserver/object-store.js';
import { startLabApiServer } from '../apiserver/server.js';
import type { PortworxClusterState } from '../portworx/cluster-state.js';
import { createExecRouter } from './exec-router.js';
import { createLabPortworxState, seedLabCluster } from './seed-lab-cluster.js';

export interface StartLabClusterOptions {
  /** Loopback address for the apiserver; default 127.0.0.1. Other addresses are rejected. */
  host?: string;
  /** TCP port; default 0, a free port. */
  port?: number;
  logger?: Logger;
  /** Handles exec commands other than `pxctl` in portworx pods (the kubelet's). */
  execFallback?: ExecHandler;
  podLogs?: PodLogHandler;
}

export interface LabCluster {
  url: string;
  store: ObjectStore;
  portworx: PortworxClusterState;
  close(): Promise<void>;
}

/** Seeds the default lab cluster and serves it from a new apiserver on a loopback address. */
export async function startLabCluster(options: StartLabClusterOptions = {}): Promise<LabCluster> {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopback(host)) {
    throw new Error(`lab apiserver host "${host}" is not a loopback address: use an address in 127.0.0.0/8 or ::1`);
  }
  const store = new ObjectStore();
  const portworx = createLabPortworxState();
  seedLabCluster(store, portworx);
  const execHandler = createExecRouter({ portworx, ...(options.execFallback ? { fallback: options.execFallback } : {}) });
  const server = await startLabApiServer({
    host,
    port: options.port ?? 0,
    store,
    execHandler,
    ...(options.podLogs ? { podLogs: options.podLogs } : {}),
    ...(options.logger ? { logger: options.logger } : {}),
  });
  return { url: server.url, store, portworx, close: () => server.close() };
}

function isLoopback(host: string): boolean {
  return /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host) || host === '::1' || host === 'localhost';
}
