import { afterEach, describe, expect, it } from 'vitest';
import type { ControllerHandle } from '../../../src/lab/controllers/controller-loop.js';
import { startControllers } from '../../../src/lab/controllers/start-controllers.js';
import type { LabRuntime } from '../../../src/lab/runtime/lab-runtime.js';
import { activePods, addNodes, createTestRuntime, deploymentManifest, errorLogs, kubeletPass, settle, type TestRuntime } from './controller-test-support.js';

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

describe('garbage collector', () => {
  it('deletes ReplicaSets and then pods of a deleted Deployment', async () => {
    const runtime = start();
    runtime.store.create('deployments.apps', deploymentManifest('web', 2, { type: 'RollingUpdate' }));
    await settle(controllers, runtime);
    expect(activePods(runtime, 'app=web')).toHaveLength(2);

    runtime.store.delete('deployments.apps', 'default', 'web');
    await settle(controllers, runtime, { kubelet: false });
    expect(runtime.store.list('replicasets.apps', { namespace: 'default' }).items).toEqual([]);
    const terminating = runtime.store.list('pods', { namespace: 'default', labelSelector: 'app=web' }).items;
    expect(terminating).toHaveLength(2);
    expect(terminating.every((pod) => pod.metadata.deletionTimestamp !== undefined)).toBe(true);

    kubeletPass(runtime);
    await settle(controllers, runtime);
    expect(runtime.store.list('pods', { namespace: 'default', labelSelector: 'app=web' }).items).toEqual([]);
  });

  it('keeps a dependent with a live owner and drops the gone reference', async () => {
    const runtime = start();
    const first = runtime.store.create('configmaps', { metadata: { name: 'owner-a', namespace: 'default' }, data: {} });
    const second = runtime.store.create('configmaps', { metadata: { name: 'owner-b', namespace: 'default' }, data: {} });
    const reference = (owner: typeof first) => ({ apiVersion: 'v1', kind: 'ConfigMap', name: owner.metadata.name, uid: owner.metadata.uid });
    runtime.store.create('configmaps', { metadata: { name: 'shared', namespace: 'default', ownerReferences: [reference(first), reference(second)] }, data: {} });

    runtime.store.delete('configmaps', 'default', 'owner-a');
    await settle(controllers, runtime);
    expect(runtime.store.get('configmaps', 'default', 'shared').metadata.ownerReferences).toEqual([reference(second)]);

    runtime.store.delete('configmaps', 'default', 'owner-b');
    await settle(controllers, runtime);
    expect(runtime.store.find('configmaps', 'default', 'shared')).toBeUndefined();
  });

  it('ignores an owner with the same name but another uid', async () => {
    const runtime = start();
    const owner = runtime.store.create('configmaps', { metadata: { name: 'owner', namespace: 'default' }, data: {} });
    runtime.store.create('configmaps', {
      metadata: { name: 'dependent', namespace: 'default', ownerReferences: [{ apiVersion: 'v1', kind: 'ConfigMap', name: 'owner', uid: owner.metadata.uid }] },
      data: {},
    });
    runtime.store.delete('configmaps', 'default', 'owner');
    runtime.store.create('configmaps', { metadata: { name: 'owner', namespace: 'default' }, data: {} });
    await settle(controllers, runtime);
    expect(runtime.store.find('configmaps', 'default', 'dependent')).toBeUndefined();
  });

  it('deletes dependents first for an owner with the foregroundDeletion finalizer', async () => {
    const runtime = start();
    runtime.store.create('deployments.apps', deploymentManifest('web', 1, { type: 'RollingUpdate' }));
    await settle(controllers, runtime);
    const deployment = runtime.store.get('deployments.apps', 'default', 'web');
    runtime.store.update('deployments.apps', { ...deployment, metadata: { ...deployment.metadata, finalizers: ['foregroundDeletion'] } });
    runtime.store.delete('deployments.apps', 'default', 'web');
    expect(runtime.store.get('deployments.apps', 'default', 'web').metadata.deletionTimestamp).toBeDefined();

    await settle(controllers, runtime);
    expect(runtime.store.find('deployments.apps', 'default', 'web')).toBeUndefined();
    expect(runtime.store.list('replicasets.apps', { namespace: 'default' }).items).toEqual([]);
    expect(runtime.store.list('pods', { namespace: 'default', labelSelector: 'app=web' }).items).toEqual([]);
  });
});
