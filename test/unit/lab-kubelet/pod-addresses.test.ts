import { describe, expect, it } from 'vitest';
import { ObjectStore } from '../../../src/lab/apiserver/object-store.js';
import { allocatePodIp, nodeInternalIp } from '../../../src/lab/kubelet/pod-addresses.js';

function storeWithPods(podIps: string[]): ObjectStore {
  const store = new ObjectStore();
  store.create('namespaces', { metadata: { name: 'default' } });
  store.create('nodes', { metadata: { name: 'node-a' }, status: { addresses: [{ type: 'InternalIP', address: '127.0.10.2' }, { type: 'Hostname', address: 'node-a' }] } });
  podIps.forEach((ip, index) => {
    store.create('pods', { metadata: { name: `pod-${index}`, namespace: 'default' }, spec: { containers: [{ name: 'c', image: 'busybox' }] }, status: { podIP: ip } });
  });
  return store;
}

describe('pod addresses', () => {
  it('node InternalIP', () => {
    expect(nodeInternalIp(storeWithPods([]), 'node-a')).toBe('127.0.10.2');
    expect(nodeInternalIp(storeWithPods([]), 'missing')).toBeUndefined();
  });

  it('allocates the lowest free pod IP', () => {
    expect(allocatePodIp(storeWithPods(['127.0.20.2', '127.0.20.4']), ['127.0.20.3'], '127.0.20')).toBe('127.0.20.5');
  });

  it('throws when every pod IP is taken', () => {
    const taken = Array.from({ length: 253 }, (_, index) => `127.0.20.${index + 2}`);
    expect(() => allocatePodIp(storeWithPods([]), taken, '127.0.20')).toThrow(/no free pod IP/);
  });

  it('allocates in the given subnet', () => {
    expect(allocatePodIp(storeWithPods(['127.0.20.2']), [], '127.150.7')).toBe('127.150.7.2');
  });
});
