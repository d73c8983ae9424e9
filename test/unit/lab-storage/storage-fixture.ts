import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { KubeObject } from '../../../src/lab/apiserver/kube-object.js';
import { ObjectStore } from '../../../src/lab/apiserver/object-store.js';
import { seedStorageClasses } from '../../../src/lab/cluster/seed-storage-classes.js';
import { PortworxClusterState } from '../../../src/lab/portworx/cluster-state.js';
import { LabNodeStates } from '../../../src/lab/runtime/lab-node-states.js';
import type { LabRuntime } from '../../../src/lab/runtime/lab-runtime.js';
import { startStorage, type LabStorage } from '../../../src/lab/storage/start-storage.js';
import { captureLogger } from '../../support/capture-logger.js';
import { uniquePodSubnet } from '../../support/pod-subnet.js';

export const NODE_NAMES = ['node-a', 'node-b', 'node-c'] as const;
export const CSI_CLASS = 'px-csi-sc';
export const SNAPSHOT_CLASS = 'px-csi-snapclass';

/** A controllable clock: tests move it forward explicitly. */
export class TestClock {
  constructor(private current = new Date('2025-03-01T10:00:00Z')) {}
  now = (): Date => new Date(this.current);
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface StorageFixture {
  runtime: LabRuntime;
  clock: TestClock;
  storage: LabStorage;
  logs: ReturnType<typeof captureLogger>;
  /** Waits until every storage controller is idle. */
  settle(): Promise<void>;
  createClaim(name: string, options?: { storageClassName?: string; storage?: string; annotations?: Record<string, string>; dataSource?: KubeObject }): KubeObject;
  claim(name: string): KubeObject;
  events(objectName: string): KubeObject[];
  close(): Promise<void>;
}

/**
 * Builds a lab runtime on an in-process ObjectStore with three online Portworx nodes, the lab's
 * StorageClasses, a CSI StorageClass (repl 2, expandable) and a CSI VolumeSnapshotClass, and
 * starts the storage controllers on it. Volume data goes to a fresh temporary directory.
 */
export async function startStorageFixture(options: { start?: boolean } = {}): Promise<StorageFixture> {
  const clock = new TestClock();
  const directory = await mkdtemp(join(tmpdir(), 'pxmysql-lab-storage-'));
  const store = new ObjectStore({ now: clock.now });
  const portworx = new PortworxClusterState('px-test', randomUUID());
  NODE_NAMES.forEach((name, index) => portworx.addNode({ id: `node-id-${index}`, name, ip: `127.0.10.${index + 2}`, online: true }));
  const logs = captureLogger('info');
  const runtime: LabRuntime = {
    store,
    portworx,
    nodes: new LabNodeStates(),
    directory,
    logger: logs.logger,
    timing: { nodeMonitorGracePeriodMs: 1_000, podEvictionTimeoutMs: 1_000, resyncMs: 50 },
    now: clock.now,
    volumeFreezer: undefined,
    podSubnet: uniquePodSubnet(),
  };

  store.create('namespaces', { metadata: { name: 'default' } });
  seedStorageClasses(store);
  store.create('storageclasses.storage.k8s.io', {
    metadata: { name: CSI_CLASS },
    provisioner: 'pxd.portworx.com',
    parameters: { repl: '2', io_profile: 'db_remote', io_priority: 'medium' },
    allowVolumeExpansion: true,
    reclaimPolicy: 'Delete',
  });
  store.create('volumesnapshotclasses.snapshot.storage.k8s.io', {
    metadata: { name: SNAPSHOT_CLASS },
    driver: 'pxd.portworx.com',
    deletionPolicy: 'Delete',
  });

  const storage = options.start === false ? { stop: async () => {}, idle: async () => {} } : startStorage(runtime);
  return {
    runtime,
    clock,
    storage,
    logs,
    settle: () => storage.idle(),
    createClaim(name, claimOptions = {}) {
      return store.create('persistentvolumeclaims', {
        metadata: { name, namespace: 'default', ...(claimOptions.annotations ? { annotations: claimOptions.annotations } : {}) },
        spec: {
          accessModes: ['ReadWriteOnce'],
          resources: { requests: { storage: claimOptions.storage ?? '1Gi' } },
          ...(claimOptions.storageClassName === undefined ? {} : { storageClassName: claimOptions.storageClassName }),
          ...(claimOptions.dataSource ? { dataSource: claimOptions.dataSource } : {}),
        },
      });
    },
    claim: (name) => store.get('persistentvolumeclaims', 'default', name),
    events: (objectName) => store.list('events').items.filter((event) => event.involvedObject?.name === objectName),
    async close() {
      await storage.stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

/** Returns the reasons of the events, in creation order. */
export function reasons(events: KubeObject[]): string[] {
  return events.map((event) => String(event.reason));
}

/** Creates a running pod in `default` that mounts the claim. */
export function createPodUsingClaim(runtime: LabRuntime, podName: string, claimName: string, nodeName: string): KubeObject {
  const pod = runtime.store.create('pods', {
    metadata: { name: podName, namespace: 'default' },
    spec: {
      nodeName,
      containers: [{ name: 'mysql', image: 'mysql:5.6' }],
      volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }],
    },
  });
  return runtime.store.updateStatus('pods', { ...pod, status: { ...pod.status, phase: 'Running' } });
}
