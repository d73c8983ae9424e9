import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/lab/apiserver/kube-object.js';
import { LAB_NODES, MYSQL_NODE_NAME } from '../../../src/lab/cluster/lab-topology.js';
import { MYSQL_NAMESPACE } from '../../../src/lab/cluster/seed-mysql.js';
import { runPxctl } from '../../../src/lab/portworx/pxctl.js';
import { eventsFor, isReady, startKubeletHarness, waitFor, waitForReadyMysqlPod, type KubeletHarness, TEST_POD_SUBNET } from './kubelet-harness.js';

const OTHER_NODE = LAB_NODES.find((node) => node.name !== MYSQL_NODE_NAME)?.name ?? '';

/** Creates a pod with the seeded MySQL pod's spec on `nodeName`, with its own pod IP. */
function createMysqlPod(harness: KubeletHarness, name: string, nodeName: string, podIp: string, edit: (spec: KubeObject) => void = () => undefined): KubeObject {
  const template = harness.mysqlPod();
  const spec = structuredClone(template.spec);
  spec.nodeName = nodeName;
  edit(spec);
  return harness.runtime.store.create('pods', {
    metadata: { name, namespace: MYSQL_NAMESPACE, labels: { role: 'second' }, ownerReferences: template.metadata.ownerReferences },
    spec,
    status: { podIP: podIp },
  });
}

/** Stores a new detached Portworx volume with its PV and a PVC Bound to it. */
function addBoundClaim(harness: KubeletHarness, claimName: string): void {
  const { portworx, store } = harness.runtime;
  const template = [...portworx.volumes.values()][0];
  if (!template) throw new Error('the seeded Portworx volume is missing');
  const id = portworx.allocateVolumeId();
  const pvName = `pvc-${claimName}`;
  portworx.addVolume({ ...structuredClone(template), id, name: pvName, attachedNodeName: undefined, consumers: [] });
  store.create('persistentvolumes', {
    metadata: { name: pvName },
    spec: { accessModes: ['ReadWriteOnce'], capacity: { storage: '1Gi' }, portworxVolume: { volumeID: id }, claimRef: { namespace: MYSQL_NAMESPACE, name: claimName } },
    status: { phase: 'Bound' },
  });
  store.create('persistentvolumeclaims', {
    metadata: { name: claimName, namespace: MYSQL_NAMESPACE },
    spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, volumeName: pvName },
    status: { phase: 'Bound', capacity: { storage: '1Gi' } },
  });
}

function waitingState(harness: KubeletHarness, name: string): KubeObject | undefined {
  return harness.runtime.store.find('pods', MYSQL_NAMESPACE, name)?.status?.containerStatuses?.[0]?.state?.waiting;
}

describe('kubelet pods that wait', () => {
  let harness: KubeletHarness;
  let first: KubeObject;

  beforeAll(async () => {
    harness = await startKubeletHarness(`${TEST_POD_SUBNET}.104`);
    first = await waitForReadyMysqlPod(harness);
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('unbound PVC keeps ContainerCreating', async () => {
    harness.runtime.store.create('persistentvolumeclaims', {
      metadata: { name: 'unbound', namespace: MYSQL_NAMESPACE },
      spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } }, storageClassName: 'px-ha-sc' },
    });
    const pod = createMysqlPod(harness, 'mysql-unbound', OTHER_NODE, `${TEST_POD_SUBNET}.106`, (spec) => {
      spec.volumes[0].persistentVolumeClaim.claimName = 'unbound';
    });

    const waiting = await waitFor('the unbound pod to wait', () => waitingState(harness, 'mysql-unbound'));
    expect(waiting.reason).toBe('ContainerCreating');
    expect(waiting.message).toBe('error processing PVC default/unbound: PVC is not bound');
    expect(harness.runtime.store.get('pods', MYSQL_NAMESPACE, 'mysql-unbound').status.phase).toBe('Pending');
    const failedMount = eventsFor(harness.runtime, pod).find((event) => event.reason === 'FailedMount');
    expect(failedMount?.type).toBe('Warning');
  });

  it('missing Secret is a config error', async () => {
    addBoundClaim(harness, 'spare');
    const pod = createMysqlPod(harness, 'mysql-no-secret', OTHER_NODE, `${TEST_POD_SUBNET}.107`, (spec) => {
      spec.volumes[0].persistentVolumeClaim.claimName = 'spare';
      spec.containers[0].env[0].valueFrom.secretKeyRef.name = 'missing-secret';
    });

    const waiting = await waitFor('the pod without its Secret to wait', () => waitingState(harness, 'mysql-no-secret'));
    expect(waiting.reason).toBe('CreateContainerConfigError');
    expect(waiting.message).toBe('secret "missing-secret" not found');
    const failed = eventsFor(harness.runtime, pod).find((event) => event.reason === 'Failed');
    expect(failed?.message).toBe('Error: secret "missing-secret" not found');
  });

  it('second pod on the volume gets Multi-Attach', async () => {
    const second = createMysqlPod(harness, 'mysql-second', OTHER_NODE, `${TEST_POD_SUBNET}.105`);

    const event = await waitFor('a FailedAttachVolume event', () => eventsFor(harness.runtime, second).find((candidate) => candidate.reason === 'FailedAttachVolume'));
    const pvName = harness.runtime.store.get('persistentvolumeclaims', MYSQL_NAMESPACE, 'px-mysql-pvc').spec.volumeName;
    expect(event.type).toBe('Warning');
    expect(event.message).toBe(`Multi-Attach error for volume "${pvName}" Volume is already used by pod(s) ${first.metadata.name}`);
    expect(event.source.component).toBe('attachdetach-controller');
    expect(waitingState(harness, 'mysql-second')?.reason).toBe('ContainerCreating');
    expect(isReady(harness.runtime.store.get('pods', MYSQL_NAMESPACE, 'mysql-second'))).toBe(false);
  });

  it('node down lets the second pod attach', async () => {
    const connection = await harness.connect(first);
    try {
      await connection.query('CREATE DATABASE shop');
      await connection.query('CREATE TABLE shop.orders (id INT PRIMARY KEY) ENGINE=InnoDB');
      await connection.query('INSERT INTO shop.orders VALUES (7)');
    } finally {
      await connection.end();
    }

    harness.runtime.nodes.setDown(MYSQL_NODE_NAME, true);
    const second = await waitFor('the second pod to be Ready', () => {
      const pod = harness.runtime.store.find('pods', MYSQL_NAMESPACE, 'mysql-second');
      return isReady(pod) ? pod : undefined;
    });

    const reader = await harness.connect(second);
    try {
      const [rows] = await reader.query<RowDataPacket[]>('SELECT id FROM shop.orders');
      expect(rows.map((row) => row.id)).toEqual([7]);
    } finally {
      await reader.end();
    }
    const volume = [...harness.runtime.portworx.volumes.values()][0];
    const inspect = runPxctl(['volume', 'inspect', String(volume?.id)], harness.runtime.portworx, { nodeName: OTHER_NODE, now: new Date() });
    expect(inspect.stdout).toMatch(new RegExp(`State\\s+:\\s+Attached: ${OTHER_NODE}`));
    expect(volume?.consumers.map((consumer) => consumer.name)).toEqual(['mysql-second']);
  });
});
