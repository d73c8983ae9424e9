import type { ExecHandler } from '../apiserver/exec.js';
import type { PodLogHandler } from '../apiserver/handler-context.js';
import type { KubeObject } from '../apiserver/kube-object.js';
import type { StoreEvent } from '../apiserver/object-store.js';
import { startControllerLoop } from '../controllers/controller-loop.js';
import type { MariadbProcess } from '../processes/mariadb-server.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';
import { DEFAULT_KUBELET_OPTIONS, writeMysqlPodStatus, type KubeletContext, type KubeletOptions } from './kubelet-context.js';
import { KubeletEvents } from './kubelet-events.js';
import { createKubeletExecHandler } from './kubelet-exec.js';
import { createPodLogHandler } from './kubelet-logs.js';
import { startMysqlPod } from './mysql-pod-start.js';
import { findMysqlContainer } from './mysql-pod-spec.js';
import { syncPlainPod } from './plain-pod-sync.js';
import { newPodRecord, type PodRecord } from './pod-record.js';
import { cleanUpRemovedPod, killServersOnNode, terminateMysqlPod } from './pod-termination.js';
import { createVolumeFreezer } from './volume-freezer.js';

export type { KubeletOptions } from './kubelet-context.js';

export interface Kubelet {
  /** Exec handler for commands other than `pxctl`: the exec router's `fallback`. */
  execHandler: ExecHandler;
  /** Pod log handler for the lab apiserver. */
  podLogs: PodLogHandler;
  /** Stops acting and kills every mariadbd the kubelet started (SIGKILL, as at power loss). */
  stop(): Promise<void>;
  /** Runs a pass and resolves when no pod start or termination is in progress. */
  idle(): Promise<void>;
  /** Process ids of the running mariadbd servers, with the Portworx volume each one uses. */
  volumeServers(): Array<{ volumeId: string; pid: number }>;
}

/** Store resources whose changes can unblock or change a pod. */
const WATCHED_RESOURCES = ['pods', 'persistentvolumeclaims', 'persistentvolumes', 'secrets', 'configmaps', 'nodes'];

/**
 * Starts the lab's kubelet, one for every lab node. It runs each MySQL pod bound to a node as a
 * real mariadbd on the pod IP, with the Portworx volume as its data directory, and marks other
 * pods Running. It finishes graceful deletions, kills the servers of a node that goes down and
 * restarts them when the node comes back. It also sets `runtime.volumeFreezer`.
 */
export function startKubelet(runtime: LabRuntime, options: KubeletOptions = {}): Kubelet {
  const logger = runtime.logger.child({ component: 'kubelet' });
  const records = new Map<string, PodRecord>();
  let trigger: () => void = () => undefined;
  const context: KubeletContext = {
    runtime,
    logger,
    options: { ...DEFAULT_KUBELET_OPTIONS, ...options },
    records,
    events: new KubeletEvents(runtime),
    generatedPasswords: new Map(),
    trigger: () => trigger(),
    stopped: false,
  };

  const runTask = (record: PodRecord, work: () => Promise<void>): void => {
    record.task = (async () => {
      try {
        await work();
      } catch (error) {
        logger.error({ err: error, pod: record.name, namespace: record.namespace, node: record.nodeName }, 'pod sync failed; retrying on the next resync');
        record.retryAt = Date.now() + runtime.timing.resyncMs;
      }
      if (record.removed && !runtime.nodes.isDown(record.nodeName) && records.has(record.uid)) await cleanUpRemovedPod(context, record);
    })().finally(() => {
      record.task = undefined;
      context.trigger();
    });
  };

  const syncPod = (pod: KubeObject): void => {
    const container = findMysqlContainer(pod);
    if (!container) {
      syncPlainPod(runtime, pod, () => [...records.values()].flatMap((record) => (record.podIp ? [record.podIp] : [])));
      return;
    }
    const uid = String(pod.metadata.uid);
    let record = records.get(uid);
    if (!record) {
      record = newPodRecord(pod, String(container.name), runtime.directory);
      records.set(uid, record);
    }
    if (record.task) return;
    const current = record;
    if (pod.metadata.deletionTimestamp) runTask(current, () => terminateMysqlPod(context, current, pod));
    else if (current.server) writeMysqlPodStatus(context, current);
    else if (Date.now() >= current.retryAt) runTask(current, () => startMysqlPod(context, current, pod));
  };

  const reconcile = (): void => {
    const present = new Set<string>();
    for (const pod of runtime.store.list('pods').items) {
      const nodeName = pod.spec?.nodeName;
      if (typeof nodeName !== 'string' || nodeName === '') continue;
      present.add(String(pod.metadata.uid));
      if (runtime.nodes.isDown(nodeName) || ['Succeeded', 'Failed'].includes(pod.status?.phase)) continue;
      syncPod(pod);
    }
    for (const record of records.values()) {
      if (present.has(record.uid) || record.task || runtime.nodes.isDown(record.nodeName)) continue;
      record.removed = true;
      runTask(record, () => cleanUpRemovedPod(context, record));
    }
  };

  const loop = startControllerLoop(runtime, {
    name: 'kubelet',
    resources: WATCHED_RESOURCES,
    reconcile,
    sources: [
      (wake) => runtime.nodes.onChange((node, down) => {
        if (down) {
          logger.info({ node }, 'node down: killing its mariadbd processes');
          killServersOnNode(context, node);
        } else {
          logger.info({ node }, 'node up: resuming its pods');
        }
        wake();
      }),
      (wake) => runtime.store.subscribe((event: StoreEvent) => killIfRemoved(context, event)),
    ],
  });
  trigger = () => loop.trigger();
  runtime.volumeFreezer = createVolumeFreezer(() => records.values(), logger);

  return {
    execHandler: createKubeletExecHandler(context),
    podLogs: createPodLogHandler(runtime),
    volumeServers: () =>
      [...records.values()].flatMap((record) =>
        record.volumeId === undefined ? [] : [...record.liveProcesses].map((server) => ({ volumeId: record.volumeId as string, pid: server.pid })),
      ),
    idle: async () => {
      for (;;) {
        await loop.idle();
        const busy = [...records.values()].flatMap((record) => (record.task ? [record.task] : []));
        if (busy.length === 0) return;
        await Promise.allSettled(busy);
      }
    },
    stop: async () => {
      context.stopped = true;
      await loop.stop();
      for (const record of records.values()) record.server = undefined;
      const liveServers = (): MariadbProcess[] => [...records.values()].flatMap((record) => [...record.liveProcesses]);
      const servers = liveServers();
      await Promise.all(servers.map((server) => server.kill()));
      await Promise.allSettled([...records.values()].flatMap((record) => (record.task ? [record.task] : [])));
      await Promise.all(liveServers().map((server) => server.kill()));
      records.clear();
      if (runtime.volumeFreezer !== undefined) runtime.volumeFreezer = undefined;
      logger.info({ killed: servers.length }, 'kubelet stopped');
    },
  };
}

/**
 * Kills the servers of a MySQL pod as soon as its object leaves the store while they run (a
 * force deletion), from inside the store write, without waiting for the next pass.
 */
function killIfRemoved(context: KubeletContext, event: StoreEvent): void {
  if (event.type !== 'DELETED' || event.resource.plural !== 'pods' || event.resource.group !== '') return;
  const record = context.records.get(String(event.object.metadata?.uid));
  if (!record || context.runtime.nodes.isDown(record.nodeName)) return;
  record.removed = true;
  record.server = undefined;
  for (const server of record.liveProcesses) void server.kill();
  context.trigger();
}
