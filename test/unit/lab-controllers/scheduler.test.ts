import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/lab/apiserver/kube-object.js';
import type { ControllerHandle } from '../../../src/lab/controllers/controller-loop.js';
import { startControllers } from '../../../src/lab/controllers/start-controllers.js';
import type { LabRuntime } from '../../../src/lab/runtime/lab-runtime.js';
import { NODE_NVXM, NODE_SLKB, NODE_ST0N, createTestRuntime, errorLogs, eventMessages, settle, type TestRuntime } from './controller-test-support.js';

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

function createPod(runtime: LabRuntime, name: string, spec: KubeObject = {}): KubeObject {
  return runtime.store.create('pods', {
    metadata: { name, namespace: 'default', labels: { app: name } },
    spec: { containers: [{ name: 'main', image: 'busybox:1.36' }], ...spec },
  });
}

function storkPod(runtime: LabRuntime, name: string, claimName = 'px-mysql-pvc'): KubeObject {
  return createPod(runtime, name, { schedulerName: 'stork', volumes: [{ name: 'data', persistentVolumeClaim: { claimName } }] });
}

function nodeOf(runtime: LabRuntime, name: string): string | undefined {
  return runtime.store.get('pods', 'default', name).spec.nodeName;
}

function cordon(runtime: LabRuntime, nodeName: string): void {
  const node = runtime.store.get('nodes', undefined, nodeName);
  runtime.store.update('nodes', { ...node, spec: { ...node.spec, unschedulable: true } });
}

/** Keeps only the given nodes as replica holders of the seeded mysql volume. */
function placeReplicas(runtime: LabRuntime, nodeNames: string[]): void {
  const [volume] = [...runtime.portworx.volumes.values()];
  if (!volume) throw new Error('the seeded cluster has no Portworx volume');
  volume.replicaNodeIds = nodeNames.map((name) => runtime.portworx.nodeByName(name)?.id ?? '');
}

describe('scheduler', () => {
  it('skips cordoned, NotReady and tainted nodes', async () => {
    const runtime = start();
    cordon(runtime, NODE_NVXM);
    const slkb = runtime.store.get('nodes', undefined, NODE_SLKB);
    const conditions = slkb.status.conditions.map((condition: KubeObject) => (condition.type === 'Ready' ? { ...condition, status: 'False', reason: 'KubeletNotReady' } : condition));
    runtime.store.updateStatus('nodes', { ...slkb, status: { ...slkb.status, conditions } });
    const st0n = runtime.store.get('nodes', undefined, NODE_ST0N);
    runtime.store.update('nodes', { ...st0n, spec: { ...st0n.spec, taints: [{ key: 'dedicated', value: 'db', effect: 'NoSchedule' }] } });
    const pod = createPod(runtime, 'probe');
    await settle(controllers, runtime, { kubelet: false });

    expect(nodeOf(runtime, 'probe')).toBeUndefined();
    expect(eventMessages(runtime, pod, 'FailedScheduling')).toEqual([
      '0/3 nodes are available: 1 node(s) had untolerated taint {dedicated: db}, 1 node(s) were not ready, 1 node(s) were unschedulable.',
    ]);
    const scheduled = runtime.store.get('pods', 'default', 'probe').status.conditions.find((condition: KubeObject) => condition.type === 'PodScheduled');
    expect(scheduled).toMatchObject({ status: 'False', reason: 'Unschedulable' });

    const tainted = runtime.store.get('nodes', undefined, NODE_ST0N);
    runtime.store.update('nodes', { ...tainted, spec: { ...tainted.spec, taints: [] } });
    await settle(controllers, runtime, { kubelet: false });
    expect(nodeOf(runtime, 'probe')).toBe(NODE_ST0N);
    expect(eventMessages(runtime, pod, 'Scheduled')).toEqual([`Successfully assigned default/probe to ${NODE_ST0N}`]);
    const bound = runtime.store.get('pods', 'default', 'probe').status.conditions.find((condition: KubeObject) => condition.type === 'PodScheduled');
    expect(bound).toMatchObject({ status: 'True' });
    expect(bound.reason).toBeUndefined();
  });

  it('lists unreachable taints from down nodes', async () => {
    const runtime = start();
    cordon(runtime, NODE_ST0N);
    runtime.nodes.setDown(NODE_NVXM, true);
    runtime.nodes.setDown(NODE_SLKB, true);
    test.clock.advance(runtime.timing.nodeMonitorGracePeriodMs);
    await settle(controllers, runtime, { kubelet: false });
    const pod = createPod(runtime, 'probe');
    await settle(controllers, runtime, { kubelet: false });

    expect(nodeOf(runtime, 'probe')).toBeUndefined();
    expect(eventMessages(runtime, pod, 'FailedScheduling')).toEqual([
      '0/3 nodes are available: 1 node(s) were unschedulable, 2 node(s) had untolerated taint {node.kubernetes.io/unreachable: }.',
    ]);
  });

  it('honours required node affinity with NotIn', async () => {
    const runtime = start();
    for (const name of [NODE_NVXM, NODE_SLKB]) {
      const node = runtime.store.get('nodes', undefined, name);
      runtime.store.update('nodes', { ...node, metadata: { ...node.metadata, labels: { ...node.metadata.labels, 'px/enabled': 'false' } } });
    }
    const expressions = [
      { key: 'px/running', operator: 'NotIn', values: ['false'] },
      { key: 'px/enabled', operator: 'NotIn', values: ['false'] },
    ];
    createPod(runtime, 'restore', { affinity: { nodeAffinity: { requiredDuringSchedulingIgnoredDuringExecution: { nodeSelectorTerms: [{ matchExpressions: expressions }] } } } });
    await settle(controllers, runtime, { kubelet: false });
    expect(nodeOf(runtime, 'restore')).toBe(NODE_ST0N);
  });

  it('places a STORK pod on a node with a replica', async () => {
    const runtime = start();
    // nvxm runs two pods (portworx and stork) and slkb one, so only the replica makes nvxm win.
    placeReplicas(runtime, [NODE_NVXM]);
    const pod = storkPod(runtime, 'mysql-probe');
    await settle(controllers, runtime, { kubelet: false });
    expect(nodeOf(runtime, 'mysql-probe')).toBe(NODE_NVXM);
    expect(runtime.store.list('events', { namespace: 'default', fieldSelector: `involvedObject.name=mysql-probe,source=stork` }).items).toHaveLength(1);
    expect(eventMessages(runtime, pod, 'NoReplicaNodeAvailable')).toEqual([]);
  });

  it('falls back when no replica node is usable', async () => {
    const runtime = start();
    placeReplicas(runtime, [NODE_NVXM, NODE_ST0N]);
    cordon(runtime, NODE_ST0N);
    const nvxm = runtime.portworx.nodeByName(NODE_NVXM);
    if (nvxm) nvxm.online = false;
    const pod = storkPod(runtime, 'mysql-probe');
    await settle(controllers, runtime, { kubelet: false });

    expect(nodeOf(runtime, 'mysql-probe')).toBe(NODE_SLKB);
    const [fallback] = eventMessages(runtime, pod, 'NoReplicaNodeAvailable');
    expect(fallback).toMatch(/^No online, schedulable node has a replica of volume pvc-/);
    expect(fallback).toContain(`STORK falls back to node ${NODE_SLKB}, which has no local replica.`);
  });

  it('keeps a STORK pod Pending when no node is usable', async () => {
    const runtime = start();
    for (const name of [NODE_NVXM, NODE_SLKB, NODE_ST0N]) cordon(runtime, name);
    const pod = storkPod(runtime, 'mysql-probe');
    await settle(controllers, runtime, { kubelet: false });

    expect(nodeOf(runtime, 'mysql-probe')).toBeUndefined();
    const [message] = eventMessages(runtime, pod, 'FailedScheduling');
    expect(message).toMatch(/^0\/3 nodes are available: 3 node\(s\) were unschedulable\. No online, schedulable node has a replica of volume pvc-\S+ \(replicas on /);
  });

  it('waits for an unbound claim', async () => {
    const runtime = start();
    const claim = runtime.store.create('persistentvolumeclaims', {
      metadata: { name: 'pending-claim', namespace: 'default' },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'px-ha-sc' },
    });
    const pod = storkPod(runtime, 'waiting', 'pending-claim');
    await settle(controllers, runtime, { kubelet: false });
    expect(nodeOf(runtime, 'waiting')).toBeUndefined();
    expect(eventMessages(runtime, pod, 'FailedScheduling')).toEqual(['0/3 nodes are available: pod has unbound immediate PersistentVolumeClaims.']);

    runtime.store.create('persistentvolumes', {
      metadata: { name: 'pvc-pending' },
      spec: { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' }, claimRef: { name: 'pending-claim', namespace: 'default', uid: claim.metadata.uid } },
    });
    const bound = runtime.store.update('persistentvolumeclaims', { ...claim, spec: { ...claim.spec, volumeName: 'pvc-pending' } });
    runtime.store.updateStatus('persistentvolumeclaims', { ...bound, status: { phase: 'Bound' } });
    await settle(controllers, runtime, { kubelet: false });
    expect(nodeOf(runtime, 'waiting')).toBeDefined();
  });

  it('repeats a FailedScheduling event only after the backoff', async () => {
    const runtime = start();
    for (const name of [NODE_NVXM, NODE_SLKB, NODE_ST0N]) cordon(runtime, name);
    const pod = createPod(runtime, 'probe');
    await settle(controllers, runtime, { kubelet: false });
    await settle(controllers, runtime, { kubelet: false });
    const countOf = (): number => Number(runtime.store.list('events', { namespace: 'default', fieldSelector: `involvedObject.uid=${String(pod.metadata.uid)},reason=FailedScheduling` }).items[0]?.count);
    expect(countOf()).toBe(1);

    test.clock.advance(10_000);
    await settle(controllers, runtime, { kubelet: false });
    expect(countOf()).toBe(2);
  });

  it('leaves pods of other schedulers alone', async () => {
    const runtime = start();
    const pod = createPod(runtime, 'custom', { schedulerName: 'my-scheduler' });
    await settle(controllers, runtime, { kubelet: false });
    expect(nodeOf(runtime, 'custom')).toBeUndefined();
    expect(eventMessages(runtime, pod, 'FailedScheduling')).toEqual([]);
  });
});
