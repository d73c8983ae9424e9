import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createStorkSnapshot, provisionClaim, readVolumeFile, writeVolumeFile } from './snapshot-helpers.js';
import { startStorageFixture, type StorageFixture } from './storage-fixture.js';

const SNAPSHOTS = 'volumesnapshots.volumesnapshot.external-storage.k8s.io';
const DATA = 'volumesnapshotdatas.volumesnapshot.external-storage.k8s.io';

describe('STORK snapshotter', () => {
  let fixture: StorageFixture;

  beforeEach(async () => {
    fixture = await startStorageFixture();
  });
  afterEach(async () => fixture.close());

  it('creates VolumeSnapshotData with a Ready condition', async () => {
    const volumeId = await provisionClaim(fixture, 'mysql-data', 'px-ha-sc');
    const created = createStorkSnapshot(fixture, 'mysql-snapshot', 'mysql-data');
    await fixture.settle();

    const pvName = fixture.claim('mysql-data').spec.volumeName;
    const snapshot = fixture.runtime.store.get(SNAPSHOTS, 'default', 'mysql-snapshot');
    const data = fixture.runtime.store.get(DATA, undefined, snapshot.spec.snapshotDataName);

    expect(data.metadata.name).toMatch(/^k8s-volume-snapshot-[0-9a-f-]{36}$/);
    expect(data.spec.persistentVolumeRef).toEqual({ kind: 'PersistentVolume', name: pvName });
    expect(data.spec.volumeSnapshotRef).toEqual({ kind: 'VolumeSnapshot', name: `default/mysql-snapshot-${created.metadata.uid}` });
    expect(data.status.conditions).toEqual([
      { lastTransitionTime: '2025-03-01T10:00:00Z', message: 'Snapshot created successfully and it is ready', reason: '', status: 'True', type: 'Ready' },
    ]);

    const snapshotVolume = fixture.runtime.portworx.volumes.get(data.spec.portworxVolume.snapshotId);
    expect(snapshotVolume?.snapshot).toBe(true);
    expect(snapshotVolume?.parentId).toBe(volumeId);

    expect(snapshot.status.conditions).toHaveLength(1);
    expect(snapshot.status.conditions[0]).toMatchObject({ type: 'Ready', status: 'True' });
    expect(snapshot.metadata.labels['SnapshotMetadata-PVName']).toBe(pvName);
    expect(snapshot.metadata.labels['SnapshotMetadata-Timestamp']).toBe(`${Date.parse('2025-03-01T10:00:00Z')}000000`);
  });

  it('copies the data at snapshot time', async () => {
    const volumeId = await provisionClaim(fixture, 'mysql-data', 'px-ha-sc');
    await writeVolumeFile(fixture, volumeId, 'ibdata1', 'before');
    createStorkSnapshot(fixture, 'mysql-snapshot', 'mysql-data');
    await fixture.settle();
    await writeVolumeFile(fixture, volumeId, 'ibdata1', 'after');

    const snapshot = fixture.runtime.store.get(SNAPSHOTS, 'default', 'mysql-snapshot');
    const data = fixture.runtime.store.get(DATA, undefined, snapshot.spec.snapshotDataName);
    expect(await readVolumeFile(fixture, String(data.spec.portworxVolume.snapshotId), 'ibdata1')).toBe('before');
  });

  it('sets an Error condition for an unknown claim', async () => {
    createStorkSnapshot(fixture, 'mysql-snapshot', 'missing');
    await fixture.settle();

    const snapshot = fixture.runtime.store.get(SNAPSHOTS, 'default', 'mysql-snapshot');
    expect(snapshot.spec.snapshotDataName).toBeUndefined();
    expect(snapshot.status.conditions[0]).toMatchObject({ type: 'Error', status: 'True', message: 'PersistentVolumeClaim default/missing not found' });
    expect(fixture.runtime.store.list(DATA).items).toEqual([]);
  });

  it('deletes data and snapshot volume with the snapshot', async () => {
    await provisionClaim(fixture, 'mysql-data', 'px-ha-sc');
    createStorkSnapshot(fixture, 'mysql-snapshot', 'mysql-data');
    await fixture.settle();
    const data = fixture.runtime.store.list(DATA).items[0];
    const snapshotId = String(data?.spec.portworxVolume.snapshotId);

    fixture.runtime.store.delete(SNAPSHOTS, 'default', 'mysql-snapshot');
    await fixture.settle();

    expect(fixture.runtime.store.list(DATA).items).toEqual([]);
    expect(fixture.runtime.portworx.volumes.has(snapshotId)).toBe(false);
  });
});
