import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { VolumeConsumer } from '../../../src/lab/portworx/cluster-state.js';
import { addPortworxVolume } from '../../../src/lab/storage/portworx-volumes.js';
import { attachVolume, detachVolume, MultiAttachError, volumeDirectory } from '../../../src/lab/storage/volume-data.js';
import { createPodUsingClaim, startStorageFixture, type StorageFixture } from './storage-fixture.js';

describe('volume attachment', () => {
  let fixture: StorageFixture;
  let volumeId: string;

  beforeEach(async () => {
    fixture = await startStorageFixture({ start: false });
    volumeId = addPortworxVolume(fixture.runtime, {
      name: 'pvc-data',
      sizeBytes: 1024 ** 3,
      format: 'xfs',
      ioProfile: 'db',
      ioPriority: 'HIGH',
      labels: {},
      replicaNodeIds: ['node-id-0', 'node-id-1'],
    }).id;
  });
  afterEach(async () => fixture.close());

  function consumerOf(podName: string, nodeName: string): VolumeConsumer {
    const pod = createPodUsingClaim(fixture.runtime, podName, 'data', nodeName);
    return { name: podName, uid: pod.metadata.uid, namespace: 'default', runningOn: nodeName, ownerKind: 'ReplicaSet', ownerName: 'mysql-7d4b9' };
  }

  it('attaches on the node and records the consumer', async () => {
    const consumer = consumerOf('mysql-1', 'node-a');
    const directory = await attachVolume(fixture.runtime, volumeId, 'node-a', consumer);
    const volume = fixture.runtime.portworx.volumes.get(volumeId);
    expect(directory).toBe(volumeDirectory(fixture.runtime, volumeId));
    expect(volume?.attachedNodeName).toBe('node-a');
    expect(volume?.consumers.map((entry) => entry.uid)).toEqual([consumer.uid]);
  });

  it('attaches twice for one pod without a duplicate consumer', async () => {
    const consumer = consumerOf('mysql-1', 'node-a');
    await attachVolume(fixture.runtime, volumeId, 'node-a', consumer);
    await attachVolume(fixture.runtime, volumeId, 'node-a', consumer);
    expect(fixture.runtime.portworx.volumes.get(volumeId)?.consumers).toHaveLength(1);
  });

  it('rejects another node while the pod still exists', async () => {
    await attachVolume(fixture.runtime, volumeId, 'node-a', consumerOf('mysql-1', 'node-a'));
    const attempt = attachVolume(fixture.runtime, volumeId, 'node-b', consumerOf('mysql-2', 'node-b'));
    await expect(attempt).rejects.toBeInstanceOf(MultiAttachError);
    await expect(attempt).rejects.toThrow(/Multi-Attach error for volume "pvc-data".*node-a.*default\/mysql-1/);
    expect(fixture.runtime.portworx.volumes.get(volumeId)?.attachedNodeName).toBe('node-a');
  });

  it('moves once the old pod is gone from the store', async () => {
    await attachVolume(fixture.runtime, volumeId, 'node-a', consumerOf('mysql-1', 'node-a'));
    fixture.runtime.store.delete('pods', 'default', 'mysql-1', { gracePeriodSeconds: 0 });
    const second = consumerOf('mysql-2', 'node-b');
    await attachVolume(fixture.runtime, volumeId, 'node-b', second);
    const volume = fixture.runtime.portworx.volumes.get(volumeId);
    expect(volume?.attachedNodeName).toBe('node-b');
    expect(volume?.consumers.map((entry) => entry.uid)).toEqual([second.uid]);
  });

  it('moves once the old pod has failed', async () => {
    await attachVolume(fixture.runtime, volumeId, 'node-a', consumerOf('mysql-1', 'node-a'));
    const pod = fixture.runtime.store.get('pods', 'default', 'mysql-1');
    fixture.runtime.store.updateStatus('pods', { ...pod, status: { ...pod.status, phase: 'Failed' } });
    await attachVolume(fixture.runtime, volumeId, 'node-b', consumerOf('mysql-2', 'node-b'));
    expect(fixture.runtime.portworx.volumes.get(volumeId)?.attachedNodeName).toBe('node-b');
  });

  it('detaches when the last consumer leaves', async () => {
    const first = consumerOf('mysql-1', 'node-a');
    const second = consumerOf('mysql-2', 'node-a');
    await attachVolume(fixture.runtime, volumeId, 'node-a', first);
    await attachVolume(fixture.runtime, volumeId, 'node-a', second);

    detachVolume(fixture.runtime, volumeId, first.uid);
    expect(fixture.runtime.portworx.volumes.get(volumeId)?.attachedNodeName).toBe('node-a');
    detachVolume(fixture.runtime, volumeId, second.uid);
    const volume = fixture.runtime.portworx.volumes.get(volumeId);
    expect(volume?.attachedNodeName).toBeUndefined();
    expect(volume?.consumers).toEqual([]);
  });

  it('ignores detach of a deleted volume', () => {
    expect(() => detachVolume(fixture.runtime, '12345', 'uid')).not.toThrow();
  });

  it('rejects a missing volume', async () => {
    await expect(attachVolume(fixture.runtime, '12345', 'node-a', consumerOf('mysql-1', 'node-a'))).rejects.toThrow(/Portworx volume 12345 not found/);
  });

  it('rejects a snapshot volume', async () => {
    fixture.runtime.portworx.volumes.get(volumeId)!.snapshot = true;
    await expect(attachVolume(fixture.runtime, volumeId, 'node-a', consumerOf('mysql-1', 'node-a'))).rejects.toThrow(/is a snapshot/);
  });
});
