import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/lab/apiserver/kube-object.js';
import type { ControllerHandle } from '../../../src/lab/controllers/controller-loop.js';
import { evictionTime } from '../../../src/lab/controllers/pod-eviction.js';
import { startControllers } from '../../../src/lab/controllers/start-controllers.js';
import type { LabRuntime } from '../../../src/lab/runtime/lab-runtime.js';
import { NODE_NVXM, NODE_SLKB, NODE_ST0N, activePods, createTestRuntime, errorLogs, eventMessages, settle, type TestRuntime } from './controller-test-support.js';

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

function conditionOf(object: KubeObject, type: string): KubeObject | undefined {
  return (object.status?.conditions ?? []).find((condition: KubeObject) => condition.type === type);
}

function taintsOf(runtime: LabRuntime, nodeName: string): string[] {
  const node = runtime.store.get('nodes', undefined, nodeName);
  return (node.spec.taints ?? []).map((taint: KubeObject) => `${String(taint.key)}:${String(taint.effect)}`);
}

describe('node lifecycle controller', () => {
  it('takes a down node through NotReady, eviction and back', async () => {
    const runtime = start();
    await settle(controllers, runtime);
    const [mysqlPod] = activePods(runtime, 'app=mysql');
    expect(mysqlPod?.spec.nodeName).toBe(NODE_ST0N);

    runtime.nodes.setDown(NODE_ST0N, true);
    await settle(controllers, runtime);
    expect(runtime.portworx.nodeByName(NODE_ST0N)?.online).toBe(false);
    expect(conditionOf(runtime.store.get('nodes', undefined, NODE_ST0N), 'Ready')?.status).toBe('True');

    test.clock.advance(runtime.timing.nodeMonitorGracePeriodMs);
    await settle(controllers, runtime);
    const notReady = runtime.store.get('nodes', undefined, NODE_ST0N);
    expect(conditionOf(notReady, 'Ready')).toMatchObject({ status: 'Unknown', reason: 'NodeStatusUnknown', message: 'Kubelet stopped posting node status.' });
    expect(conditionOf(notReady, 'MemoryPressure')?.status).toBe('Unknown');
    expect(conditionOf(notReady, 'NetworkUnavailable')?.status).toBe('False');
    expect(taintsOf(runtime, NODE_ST0N)).toEqual(['node.kubernetes.io/unreachable:NoSchedule', 'node.kubernetes.io/unreachable:NoExecute']);
    expect(notReady.spec.taints.every((taint: KubeObject) => typeof taint.timeAdded === 'string')).toBe(true);
    expect(eventMessages(runtime, notReady, 'NodeNotReady')).toEqual([`Node ${NODE_ST0N} status is now: NodeNotReady`]);
    const unready = runtime.store.get('pods', 'default', String(mysqlPod?.metadata.name));
    expect(conditionOf(unready, 'Ready')?.status).toBe('False');
    expect(unready.metadata.deletionTimestamp).toBeUndefined();

    test.clock.advance(runtime.timing.podEvictionTimeoutMs - 1_000);
    await settle(controllers, runtime);
    expect(runtime.store.get('pods', 'default', String(mysqlPod?.metadata.name)).metadata.deletionTimestamp).toBeUndefined();

    test.clock.advance(1_000);
    await settle(controllers, runtime);
    const evicted = runtime.store.get('pods', 'default', String(mysqlPod?.metadata.name));
    expect(evicted.metadata.deletionTimestamp).toBeDefined();
    expect(eventMessages(runtime, evicted, 'TaintManagerEviction')).toEqual([`Marking for deletion Pod default/${String(mysqlPod?.metadata.name)}`]);
    const [replacement] = activePods(runtime, 'app=mysql');
    expect([NODE_NVXM, NODE_SLKB]).toContain(replacement?.spec.nodeName);
    expect(eventMessages(runtime, replacement as KubeObject, 'Scheduled')).toHaveLength(1);
    const portworxPod = runtime.store.list('pods', { namespace: 'kube-system', fieldSelector: `spec.nodeName=${NODE_ST0N}`, labelSelector: 'name=portworx' }).items[0];
    expect(portworxPod?.metadata.deletionTimestamp).toBeUndefined();

    runtime.nodes.setDown(NODE_ST0N, false);
    await settle(controllers, runtime);
    const back = runtime.store.get('nodes', undefined, NODE_ST0N);
    expect(conditionOf(back, 'Ready')).toMatchObject({ status: 'True', reason: 'KubeletReady' });
    expect(taintsOf(runtime, NODE_ST0N)).toEqual([]);
    expect(runtime.portworx.nodeByName(NODE_ST0N)?.online).toBe(true);
    expect(runtime.store.find('pods', 'default', String(mysqlPod?.metadata.name))).toBeUndefined();
  });

  it('taints a cordoned node and untaints it on uncordon', async () => {
    const runtime = start();
    const node = runtime.store.get('nodes', undefined, NODE_SLKB);
    runtime.store.update('nodes', { ...node, spec: { ...node.spec, unschedulable: true } });
    await settle(controllers, runtime);
    expect(taintsOf(runtime, NODE_SLKB)).toEqual(['node.kubernetes.io/unschedulable:NoSchedule']);

    const cordoned = runtime.store.get('nodes', undefined, NODE_SLKB);
    runtime.store.update('nodes', { ...cordoned, spec: { ...cordoned.spec, unschedulable: false } });
    await settle(controllers, runtime);
    expect(taintsOf(runtime, NODE_SLKB)).toEqual([]);
  });

  it('moves the mysql pod off a cordoned node when it is deleted', async () => {
    const runtime = start();
    await settle(controllers, runtime);
    const [mysqlPod] = activePods(runtime, 'app=mysql');
    const node = runtime.store.get('nodes', undefined, NODE_ST0N);
    runtime.store.update('nodes', { ...node, spec: { ...node.spec, unschedulable: true } });
    runtime.store.delete('pods', 'default', String(mysqlPod?.metadata.name));
    await settle(controllers, runtime);

    const pods = activePods(runtime, 'app=mysql');
    expect(pods).toHaveLength(1);
    expect(pods[0]?.metadata.uid).not.toBe(mysqlPod?.metadata.uid);
    expect([NODE_NVXM, NODE_SLKB]).toContain(pods[0]?.spec.nodeName);
    expect(pods[0]?.status.phase).toBe('Running');
  });
});

describe('eviction time', () => {
  const taint = { key: 'node.kubernetes.io/unreachable', effect: 'NoExecute', timeAdded: '2025-06-01T10:00:00Z' };
  const added = Date.parse(taint.timeAdded);

  it('uses the default timeout without a toleration', () => {
    expect(evictionTime({ spec: {} }, taint, 20_000)).toBe(added + 20_000);
  });

  it('uses the shortest tolerationSeconds', () => {
    const tolerations = [
      { key: 'node.kubernetes.io/unreachable', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 60 },
      { operator: 'Exists', tolerationSeconds: 30 },
    ];
    expect(evictionTime({ spec: { tolerations } }, taint, 20_000)).toBe(added + 30_000);
  });

  it('never evicts a pod that tolerates every taint', () => {
    expect(evictionTime({ spec: { tolerations: [{ operator: 'Exists' }] } }, taint, 20_000)).toBeUndefined();
  });
});
