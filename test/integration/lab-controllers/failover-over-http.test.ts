import { CoreV1Api, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ObjectStore } from '../../../src/lab/apiserver/object-store.js';
import { startLabApiServer, type LabApiServer } from '../../../src/lab/apiserver/server.js';
import { createExecRouter } from '../../../src/lab/cluster/exec-router.js';
import { createLabPortworxState, seedLabCluster } from '../../../src/lab/cluster/seed-lab-cluster.js';
import type { ControllerHandle } from '../../../src/lab/controllers/controller-loop.js';
import { startControllers } from '../../../src/lab/controllers/start-controllers.js';
import { labKubeConfig } from '../../../src/lab/kubeconfig.js';
import { LabNodeStates } from '../../../src/lab/runtime/lab-node-states.js';
import type { LabRuntime } from '../../../src/lab/runtime/lab-runtime.js';
import { captureLogger } from '../../support/capture-logger.js';
import { uniquePodSubnet } from '../../support/pod-subnet.js';

const NODE_ST0N = 'gke-gke-px-default-pool-177a3f0b-st0n';

describe('controllers behind the lab apiserver', () => {
  const logs = captureLogger('warn');
  let server: LabApiServer;
  let controllers: ControllerHandle;
  let core: CoreV1Api;

  beforeAll(async () => {
    const store = new ObjectStore();
    const portworx = createLabPortworxState();
    seedLabCluster(store, portworx);
    server = await startLabApiServer({ host: '127.0.0.1', port: 0, store, execHandler: createExecRouter({ portworx }) });
    const runtime: LabRuntime = {
      store,
      portworx,
      nodes: new LabNodeStates(),
      directory: '/nonexistent/pxmysql-lab-controllers-test',
      logger: logs.logger,
      timing: { nodeMonitorGracePeriodMs: 5_000, podEvictionTimeoutMs: 20_000, resyncMs: 200 },
      now: () => new Date(),
      volumeFreezer: undefined,
      podSubnet: uniquePodSubnet(),
    };
    controllers = startControllers(runtime);
    core = labKubeConfig(server.url).makeApiClient(CoreV1Api);
  });

  afterAll(async () => {
    await controllers.stop();
    await server.close();
  });

  it('reschedules the mysql pod off a cordoned node', async () => {
    await controllers.idle();
    const [oldPod] = (await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=mysql' })).items;
    expect(oldPod?.spec?.nodeName).toBe(NODE_ST0N);

    await core.patchNode({ name: NODE_ST0N, body: { spec: { unschedulable: true } } }, setHeaderOptions('Content-Type', PatchStrategy.StrategicMergePatch));
    await core.deleteNamespacedPod({ name: String(oldPod?.metadata?.name), namespace: 'default' });
    await controllers.idle();

    const pods = (await core.listNamespacedPod({ namespace: 'default', labelSelector: 'app=mysql' })).items;
    const replacement = pods.find((pod) => pod.metadata?.uid !== oldPod?.metadata?.uid);
    expect(replacement?.spec?.nodeName).toBeDefined();
    expect(replacement?.spec?.nodeName).not.toBe(NODE_ST0N);
    expect(pods.find((pod) => pod.metadata?.uid === oldPod?.metadata?.uid)?.metadata?.deletionTimestamp).toBeDefined();

    const events = await core.listNamespacedEvent({ namespace: 'default', fieldSelector: `involvedObject.name=${String(replacement?.metadata?.name)},reason=Scheduled` });
    expect(events.items.map((event) => event.message)).toEqual([`Successfully assigned default/${String(replacement?.metadata?.name)} to ${String(replacement?.spec?.nodeName)}`]);
    expect(events.items[0]?.source?.component).toBe('stork');

    const node = await core.readNode({ name: NODE_ST0N });
    expect(node.spec?.taints?.map((taint) => taint.key)).toEqual(['node.kubernetes.io/unschedulable']);
    expect(logs.lines.filter((line) => Number(line.level) >= 50)).toEqual([]);
  });
});
