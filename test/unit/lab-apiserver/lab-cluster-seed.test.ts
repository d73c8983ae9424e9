import { describe, it, expect } from 'vitest';
import type { ExecStreams } from '../../../src/lab/apiserver/exec.js';
import { ObjectStore } from '../../../src/lab/apiserver/object-store.js';
import { createExecRouter } from '../../../src/lab/cluster/exec-router.js';
import { createLabPortworxState, seedLabCluster } from '../../../src/lab/cluster/seed-lab-cluster.js';

function seeded(): { store: ObjectStore; portworx: ReturnType<typeof createLabPortworxState> } {
  const store = new ObjectStore();
  const portworx = createLabPortworxState();
  seedLabCluster(store, portworx);
  return { store, portworx };
}

function collectingStreams(): { streams: ExecStreams; output: { stdout: string; stderr: string } } {
  const output = { stdout: '', stderr: '' };
  const streams: ExecStreams = {
    stdout: (chunk) => (output.stdout += chunk.toString()),
    stderr: (chunk) => (output.stderr += chunk.toString()),
    stdin: undefined,
  };
  return { streams, output };
}

describe('seedLabCluster', () => {
  it('creates three Ready GKE nodes on loopback IPs', () => {
    const { store } = seeded();
    const nodes = store.list('nodes').items;
    expect(nodes.map((node) => node.metadata.name)).toEqual([
      'gke-gke-px-default-pool-177a3f0b-nvxm',
      'gke-gke-px-default-pool-177a3f0b-slkb',
      'gke-gke-px-default-pool-177a3f0b-st0n',
    ]);
    for (const node of nodes) {
      expect(node.metadata.labels['cloud.google.com/gke-nodepool']).toBe('default-pool');
      expect(node.metadata.labels['px/enabled']).toBe('true');
      expect(node.status.addresses[0].address).toMatch(/^127\.0\.10\.\d+$/);
    }
  });

  it('binds the MySQL PVC to a PV that names the Portworx volume', () => {
    const { store, portworx } = seeded();
    const claim = store.get('persistentvolumeclaims', 'default', 'px-mysql-pvc');
    expect(claim.status.phase).toBe('Bound');
    expect(claim.spec.volumeName).toBe(`pvc-${claim.metadata.uid}`);
    const volume = store.get('persistentvolumes', undefined, claim.spec.volumeName);
    expect(volume.spec.claimRef.uid).toBe(claim.metadata.uid);
    const pxVolume = portworx.findVolume(volume.spec.portworxVolume.volumeID);
    expect(pxVolume?.name).toBe(volume.metadata.name);
    expect(pxVolume?.replicaNodeIds).toHaveLength(3);
    expect(pxVolume?.attachedNodeName).toBe('gke-gke-px-default-pool-177a3f0b-st0n');
  });

  it('runs one Ready MySQL pod owned by the ReplicaSet', () => {
    const { store, portworx } = seeded();
    const pods = store.list('pods', { namespace: 'default', labelSelector: 'app=mysql' }).items;
    expect(pods).toHaveLength(1);
    const pod = pods[0];
    const replicaSet = store.list('replicasets.apps', { namespace: 'default' }).items[0];
    expect(pod?.metadata.name).toMatch(new RegExp(`^${replicaSet?.metadata.name}-[a-z0-9]{5}$`));
    expect(pod?.metadata.ownerReferences[0].uid).toBe(replicaSet?.metadata.uid);
    expect(pod?.status.containerStatuses[0].restartCount).toBe(0);
    const consumer = [...portworx.volumes.values()][0]?.consumers[0];
    expect(consumer?.name).toBe(pod?.metadata.name);
  });

  it('reseeds the same store and state', () => {
    const { store, portworx } = seeded();
    store.create('configmaps', { metadata: { name: 'extra', namespace: 'default' } });
    seedLabCluster(store, portworx);
    expect(store.find('configmaps', 'default', 'extra')).toBeUndefined();
    expect(store.list('pods', { namespace: 'kube-system', labelSelector: 'name=portworx' }).items).toHaveLength(3);
    expect(portworx.nodes.size).toBe(3);
    expect(portworx.volumes.size).toBe(1);
  });
});

describe('createExecRouter', () => {
  it('runs pxctl in a portworx pod on its node', async () => {
    const { store, portworx } = seeded();
    const calls: { args: string[]; nodeName: string }[] = [];
    const router = createExecRouter({
      portworx,
      runPxctl: (args, _state, context) => {
        calls.push({ args, nodeName: context.nodeName });
        return { stdout: 'out\n', stderr: 'err\n', exitCode: 3 };
      },
    });
    const pod = store.get('pods', 'kube-system', 'portworx-gnjpx');
    const { streams, output } = collectingStreams();
    const request = { namespace: 'kube-system', pod, container: undefined, command: ['/opt/pwx/bin/pxctl', 'status'], stdin: false, tty: false };
    const result = await router(request, streams, new AbortController().signal);
    expect(result.exitCode).toBe(3);
    expect(output).toEqual({ stdout: 'out\n', stderr: 'err\n' });
    expect(calls).toEqual([{ args: ['status'], nodeName: 'gke-gke-px-default-pool-177a3f0b-slkb' }]);
  });

  it('unwraps sh -c with a plain pxctl command', async () => {
    const { store, portworx } = seeded();
    const seen: string[][] = [];
    const router = createExecRouter({ portworx, runPxctl: (args) => (seen.push(args), { stdout: '', stderr: '', exitCode: 0 }) });
    const pod = store.get('pods', 'kube-system', 'portworx-g8sq5');
    const { streams } = collectingStreams();
    await router({ namespace: 'kube-system', pod, container: undefined, command: ['sh', '-c', 'pxctl volume list'], stdin: false, tty: false }, streams, new AbortController().signal);
    expect(seen).toEqual([['volume', 'list']]);
  });

  it('fails other commands with exit code 127', async () => {
    const { store, portworx } = seeded();
    const router = createExecRouter({ portworx });
    const pod = store.list('pods', { namespace: 'default', labelSelector: 'app=mysql' }).items[0] ?? {};
    const { streams, output } = collectingStreams();
    const result = await router({ namespace: 'default', pod, container: 'mysql', command: ['pxctl', 'status'], stdin: false, tty: false }, streams, new AbortController().signal);
    expect(result.exitCode).toBe(127);
    expect(output.stderr).toBe('sh: 1: pxctl: command not found\n');
  });
});
