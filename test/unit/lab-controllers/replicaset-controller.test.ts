import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/lab/apiserver/kube-object.js';
import type { ControllerHandle } from '../../../src/lab/controllers/controller-loop.js';
import { sortPodsForDeletion } from '../../../src/lab/controllers/pod-deletion-order.js';
import { startControllers } from '../../../src/lab/controllers/start-controllers.js';
import type { LabRuntime } from '../../../src/lab/runtime/lab-runtime.js';
import { activePods, addNodes, createTestRuntime, errorLogs, eventMessages, settle, type TestRuntime } from './controller-test-support.js';

let test: TestRuntime;
let controllers: ControllerHandle;

afterEach(async () => {
  await controllers.stop();
  expect(errorLogs(test.logLines)).toEqual([]);
});

function start(): LabRuntime {
  test = createTestRuntime();
  addNodes(test.runtime);
  controllers = startControllers(test.runtime);
  return test.runtime;
}

function createReplicaSet(runtime: LabRuntime, replicas: number): KubeObject {
  return runtime.store.create('replicasets.apps', {
    metadata: { name: 'cache-7d9f', namespace: 'default', labels: { app: 'cache' } },
    spec: {
      replicas,
      selector: { matchLabels: { app: 'cache' } },
      template: { metadata: { labels: { app: 'cache', tier: 'backend' } }, spec: { containers: [{ name: 'redis', image: 'redis:7' }] } },
    },
  });
}

describe('ReplicaSet controller', () => {
  it('creates named, owned pods up to spec.replicas', async () => {
    const runtime = start();
    const replicaSet = createReplicaSet(runtime, 3);
    await settle(controllers, runtime);

    const pods = activePods(runtime, 'app=cache');
    expect(pods).toHaveLength(3);
    for (const pod of pods) {
      expect(pod.metadata.name).toMatch(/^cache-7d9f-[a-z0-9]{5}$/);
      expect(pod.metadata.labels).toEqual({ app: 'cache', tier: 'backend' });
      expect(pod.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'ReplicaSet', uid: replicaSet.metadata.uid, controller: true })]);
    }
    const status = runtime.store.get('replicasets.apps', 'default', 'cache-7d9f').status;
    expect(status).toEqual({ replicas: 3, fullyLabeledReplicas: 3, readyReplicas: 3, availableReplicas: 3, observedGeneration: 1 });
    expect(eventMessages(runtime, replicaSet, 'SuccessfulCreate')).toHaveLength(3);
  });

  it('replaces a terminating pod', async () => {
    const runtime = start();
    createReplicaSet(runtime, 1);
    await settle(controllers, runtime);
    const [first] = activePods(runtime, 'app=cache');

    runtime.store.delete('pods', 'default', String(first?.metadata.name));
    await settle(controllers, runtime, { kubelet: false });

    const all = runtime.store.list('pods', { namespace: 'default', labelSelector: 'app=cache' }).items;
    expect(all).toHaveLength(2);
    expect(all.find((pod) => pod.metadata.uid === first?.metadata.uid)?.metadata.deletionTimestamp).toBeDefined();
    expect(activePods(runtime, 'app=cache')).toHaveLength(1);
    expect(runtime.store.get('replicasets.apps', 'default', 'cache-7d9f').status.replicas).toBe(1);
  });

  it('deletes extra pods, unscheduled ones first', async () => {
    const runtime = start();
    createReplicaSet(runtime, 2);
    await settle(controllers, runtime);
    const scheduled = activePods(runtime, 'app=cache').map((pod) => pod.metadata.name);

    // Cordon every node so the third pod stays unscheduled.
    for (const node of runtime.store.list('nodes').items) runtime.store.update('nodes', { ...node, spec: { ...node.spec, unschedulable: true } });
    const replicaSet = runtime.store.get('replicasets.apps', 'default', 'cache-7d9f');
    runtime.store.update('replicasets.apps', { ...replicaSet, spec: { ...replicaSet.spec, replicas: 3 } });
    await settle(controllers, runtime);
    expect(activePods(runtime, 'app=cache').filter((pod) => !pod.spec.nodeName)).toHaveLength(1);

    const grown = runtime.store.get('replicasets.apps', 'default', 'cache-7d9f');
    runtime.store.update('replicasets.apps', { ...grown, spec: { ...grown.spec, replicas: 2 } });
    await settle(controllers, runtime);
    expect(activePods(runtime, 'app=cache').map((pod) => pod.metadata.name).sort()).toEqual(scheduled.sort());
  });

  it('adopts a matching orphan pod', async () => {
    const runtime = start();
    runtime.store.create('pods', { metadata: { name: 'cache-manual', namespace: 'default', labels: { app: 'cache' } }, spec: { containers: [{ name: 'redis', image: 'redis:7' }] } });
    const replicaSet = createReplicaSet(runtime, 1);
    await settle(controllers, runtime);

    const pods = activePods(runtime, 'app=cache');
    expect(pods.map((pod) => pod.metadata.name)).toEqual(['cache-manual']);
    expect(pods[0]?.metadata.ownerReferences).toEqual([expect.objectContaining({ uid: replicaSet.metadata.uid, controller: true })]);
  });
});

describe('pod deletion order', () => {
  const pod = (name: string, fields: { nodeName?: string; phase?: string; ready?: boolean; created: string }): KubeObject => ({
    metadata: { name, creationTimestamp: fields.created },
    spec: fields.nodeName ? { nodeName: fields.nodeName } : {},
    status: { phase: fields.phase ?? 'Running', conditions: [{ type: 'Ready', status: fields.ready === false ? 'False' : 'True' }] },
  });

  it('orders unscheduled, pending, not ready, then newest', () => {
    const order = sortPodsForDeletion([
      pod('old-ready', { nodeName: 'a', created: '2025-01-01T00:00:00Z' }),
      pod('new-ready', { nodeName: 'a', created: '2025-01-02T00:00:00Z' }),
      pod('not-ready', { nodeName: 'a', ready: false, created: '2025-01-01T00:00:00Z' }),
      pod('pending', { nodeName: 'a', phase: 'Pending', ready: false, created: '2025-01-01T00:00:00Z' }),
      pod('unscheduled', { phase: 'Pending', ready: false, created: '2025-01-01T00:00:00Z' }),
    ]).map((entry) => entry.metadata.name);
    expect(order).toEqual(['unscheduled', 'pending', 'not-ready', 'new-ready', 'old-ready']);
  });
});
