import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/lab/apiserver/kube-object.js';
import type { ControllerHandle } from '../../../src/lab/controllers/controller-loop.js';
import { startControllers } from '../../../src/lab/controllers/start-controllers.js';
import type { LabRuntime } from '../../../src/lab/runtime/lab-runtime.js';
import { activePods, createTestRuntime, errorLogs, settle, type TestRuntime } from './controller-test-support.js';

let test: TestRuntime;
let controllers: ControllerHandle;

afterEach(async () => {
  await controllers.stop();
  expect(errorLogs(test.logLines)).toEqual([]);
});

function start(): LabRuntime {
  test = createTestRuntime({ seed: true });
  controllers = startControllers(test.runtime);
  return test.runtime;
}

function markReady(runtime: LabRuntime, pod: KubeObject, ready: boolean): void {
  const current = runtime.store.get('pods', pod.metadata.namespace, pod.metadata.name);
  const conditions = current.status.conditions.map((condition: KubeObject) => (condition.type === 'Ready' ? { ...condition, status: ready ? 'True' : 'False' } : condition));
  runtime.store.updateStatus('pods', { ...current, status: { ...current.status, conditions } });
}

describe('Endpoints controller', () => {
  it('leaves the seeded mysql Endpoints as they are', async () => {
    const runtime = start();
    const before = runtime.store.get('endpoints', 'default', 'mysql');
    await settle(controllers, runtime);
    expect(runtime.store.get('endpoints', 'default', 'mysql').metadata.resourceVersion).toBe(before.metadata.resourceVersion);
  });

  it('moves a not-ready pod to notReadyAddresses', async () => {
    const runtime = start();
    await settle(controllers, runtime);
    const [pod] = activePods(runtime, 'app=mysql');
    markReady(runtime, pod as KubeObject, false);
    await settle(controllers, runtime, { kubelet: false });

    const endpoints = runtime.store.get('endpoints', 'default', 'mysql');
    expect(endpoints.subsets).toEqual([
      {
        ports: [{ port: 3306, protocol: 'TCP' }],
        notReadyAddresses: [{ ip: pod?.status.podIP, nodeName: pod?.spec.nodeName, targetRef: { kind: 'Pod', namespace: 'default', name: pod?.metadata.name, uid: pod?.metadata.uid } }],
      },
    ]);
  });

  it('resolves a named targetPort and follows the Service', async () => {
    const runtime = start();
    runtime.store.create('pods', {
      metadata: { name: 'api', namespace: 'default', labels: { app: 'api' } },
      spec: { containers: [{ name: 'api', image: 'api:1', ports: [{ name: 'http', containerPort: 8080 }] }] },
    });
    runtime.store.create('services', { metadata: { name: 'api', namespace: 'default' }, spec: { selector: { app: 'api' }, ports: [{ name: 'web', port: 80, targetPort: 'http' }] } });
    await settle(controllers, runtime);

    const endpoints = runtime.store.get('endpoints', 'default', 'api');
    expect(endpoints.subsets).toHaveLength(1);
    expect(endpoints.subsets[0].ports).toEqual([{ name: 'web', port: 8080, protocol: 'TCP' }]);
    expect(endpoints.subsets[0].addresses.map((address: KubeObject) => address.targetRef.name)).toEqual(['api']);

    runtime.store.delete('services', 'default', 'api');
    await settle(controllers, runtime);
    expect(runtime.store.find('endpoints', 'default', 'api')).toBeUndefined();
  });

  it('drops a terminating pod', async () => {
    const runtime = start();
    await settle(controllers, runtime);
    const [pod] = activePods(runtime, 'app=mysql');
    const node = runtime.store.get('nodes', undefined, String(pod?.spec.nodeName));
    runtime.store.update('nodes', { ...node, spec: { ...node.spec, unschedulable: true } });
    runtime.store.delete('pods', 'default', String(pod?.metadata.name));
    await settle(controllers, runtime, { kubelet: false });

    const endpoints = runtime.store.get('endpoints', 'default', 'mysql');
    expect(endpoints.subsets).toBeUndefined();
  });
});
