import { CoreV1Api, type V1ConfigMap } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isPxmysqlError } from '../../../src/errors.js';
import { toKubeError } from '../../../src/kube/kube-errors.js';
import { watchUntil, type WatchUntilOptions } from '../../../src/kube/watch-until.js';
import { labKubeConfig } from '../../../src/lab/kubeconfig.js';
import { startLabCluster, type LabCluster } from '../../../src/lab/cluster/start-lab-cluster.js';
import { captureLogger } from '../../support/capture-logger.js';
import { uniquePodSubnet } from '../../support/pod-subnet.js';

describe('watchUntil on the lab apiserver', () => {
  let cluster: LabCluster;
  let core: CoreV1Api;
  beforeAll(async () => {
    cluster = await startLabCluster({ workload: false, podSubnet: uniquePodSubnet(), logger: captureLogger('warn').logger });
    core = labKubeConfig(cluster.url).makeApiClient(CoreV1Api);
  });
  afterAll(async () => {
    await cluster?.close();
  });

  function options(name: string, overrides: Partial<WatchUntilOptions<V1ConfigMap, string>> = {}): WatchUntilOptions<V1ConfigMap, string> {
    return {
      kubeConfig: labKubeConfig(cluster.url),
      path: '/api/v1/namespaces/default/configmaps',
      query: {},
      list: async () => {
        const list = await core.listNamespacedConfigMap({ namespace: 'default' }).catch((error: unknown) => Promise.reject(toKubeError(error, 'configmaps')));
        return { items: list.items, resourceVersion: list.metadata?.resourceVersion };
      },
      check: (items) => items.find((item) => item.metadata?.name === name && item.data?.state === 'ready')?.data?.state,
      deadlineMs: 10_000,
      pollIntervalMs: 60_000,
      rewatchDelayMs: 50,
      description: `ConfigMap ${name} ready`,
      ...overrides,
    };
  }

  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

  it('resolves from a watch event', async () => {
    const started = Date.now();
    const waiting = watchUntil(options('first'));
    await sleep(200);
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'first' }, data: { state: 'ready' } } });
    expect(await waiting).toBe('ready');
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('lists again after 410 Gone', async () => {
    const waiting = watchUntil(options('second'));
    await sleep(200);
    cluster.store.compact();
    await sleep(200);
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'second' }, data: { state: 'ready' } } });
    expect(await waiting).toBe('ready');
  });

  it('falls back to polling when the watch fails', async () => {
    const waiting = watchUntil(options('third', { path: '/api/v1/namespaces/default/no-such-resource', pollIntervalMs: 100, rewatchDelayMs: 5_000 }));
    await sleep(200);
    await core.createNamespacedConfigMap({ namespace: 'default', body: { metadata: { name: 'third' }, data: { state: 'ready' } } });
    expect(await waiting).toBe('ready');
  });

  it('times out with kube_wait_timeout', async () => {
    const error = await watchUntil(options('never', { deadlineMs: 300 })).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    expect(isPxmysqlError(error) ? error.code : error).toBe('kube_wait_timeout');
  });

  it('stops when its signal aborts', async () => {
    const controller = new AbortController();
    const reason = new Error('cancelled by U0LABONC1');
    const waiting = watchUntil(options('never-abort', { signal: controller.signal })).then(
      () => undefined,
      (thrown: unknown) => thrown,
    );
    await sleep(100);
    controller.abort(reason);
    expect(await waiting).toBe(reason);

    const already = new AbortController();
    already.abort(reason);
    const started = Date.now();
    expect(await watchUntil(options('never-aborted', { signal: already.signal })).catch((thrown: unknown) => thrown)).toBe(reason);
    expect(Date.now() - started).toBeLessThan(5_000);
  });
});
