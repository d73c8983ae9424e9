import { CoreV1Api, type V1PersistentVolumeClaim } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotsInUse } from '../../../jobs/scheduled-snapshot/snapshots-in-use.js';
import { startLabCluster, type LabCluster } from '../../../src/lab/cluster/start-lab-cluster.js';
import { labKubeConfig } from '../../../src/lab/kubeconfig.js';
import { captureLogger } from '../../support/capture-logger.js';
import { uniquePodSubnet } from '../../support/pod-subnet.js';

describe('snapshotsInUse on the lab apiserver', () => {
  let cluster: LabCluster;
  beforeAll(async () => {
    cluster = await startLabCluster({ workload: false, podSubnet: uniquePodSubnet(), logger: captureLogger('warn').logger });
  });
  afterAll(async () => {
    await cluster?.close();
  });

  it('names the sources of PVCs not yet Bound', async () => {
    const core = labKubeConfig(cluster.url).makeApiClient(CoreV1Api);
    const claim = (name: string, source: { annotations?: Record<string, string>; snapshot?: string } = {}): V1PersistentVolumeClaim => ({
      metadata: { name, ...(source.annotations === undefined ? {} : { annotations: source.annotations }) },
      spec: {
        accessModes: ['ReadWriteOnce'],
        // No such StorageClass, so nothing provisions these claims and they stay Pending.
        storageClassName: 'no-such-class',
        resources: { requests: { storage: '1Gi' } },
        ...(source.snapshot === undefined ? {} : { dataSource: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: source.snapshot } }),
      },
    });
    await core.createNamespacedPersistentVolumeClaim({ namespace: 'default', body: claim('csi-clone', { snapshot: 'snap-csi' }) });
    await core.createNamespacedPersistentVolumeClaim({ namespace: 'default', body: claim('stork-clone', { annotations: { 'snapshot.alpha.kubernetes.io/snapshot': 'snap-stork' } }) });
    await core.createNamespacedPersistentVolumeClaim({ namespace: 'default', body: claim('bound-clone', { snapshot: 'snap-done' }) });
    await core.createNamespacedPersistentVolumeClaim({ namespace: 'default', body: claim('plain') });
    const bound = cluster.store.get('persistentvolumeclaims', 'default', 'bound-clone');
    cluster.store.updateStatus('persistentvolumeclaims', { ...bound, status: { phase: 'Bound' } });

    const inUse = await snapshotsInUse(labKubeConfig(cluster.url), 'default');

    expect([...inUse].sort()).toEqual(['snap-csi', 'snap-stork']);
    expect(await snapshotsInUse(labKubeConfig(cluster.url), 'kube-system')).toEqual(new Set());
  });
});
