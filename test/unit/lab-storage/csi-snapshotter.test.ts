import { stat } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { volumeDirectory } from '../../../src/lab/storage/volume-data.js';
import { createCsiSnapshot, provisionClaim, readVolumeFile, writeVolumeFile } from './snapshot-helpers.js';
import { CSI_CLASS, reasons, startStorageFixture, type StorageFixture } from './storage-fixture.js';

const SNAPSHOTS = 'volumesnapshots.snapshot.storage.k8s.io';
const CONTENTS = 'volumesnapshotcontents.snapshot.storage.k8s.io';

describe('CSI snapshotter', () => {
  let fixture: StorageFixture;

  beforeEach(async () => {
    fixture = await startStorageFixture();
  });
  afterEach(async () => fixture.close());

  it('cuts a ready snapshot with its content', async () => {
    const volumeId = await provisionClaim(fixture, 'mysql-data', CSI_CLASS);
    const created = createCsiSnapshot(fixture, 'nightly', 'mysql-data');
    await fixture.settle();

    const snapshot = fixture.runtime.store.get(SNAPSHOTS, 'default', 'nightly');
    const contentName = `snapcontent-${created.metadata.uid}`;
    expect(snapshot.status).toEqual({
      boundVolumeSnapshotContentName: contentName,
      creationTime: '2025-03-01T10:00:00Z',
      readyToUse: true,
      restoreSize: '1Gi',
    });
    expect(snapshot.metadata.finalizers).toContain('snapshot.storage.kubernetes.io/volumesnapshot-bound-protection');

    const content = fixture.runtime.store.get(CONTENTS, undefined, contentName);
    expect(content.spec).toMatchObject({
      deletionPolicy: 'Delete',
      driver: 'pxd.portworx.com',
      source: { volumeHandle: volumeId },
      volumeSnapshotClassName: 'px-csi-snapclass',
      volumeSnapshotRef: { kind: 'VolumeSnapshot', name: 'nightly', namespace: 'default', uid: created.metadata.uid },
    });
    expect(content.status.readyToUse).toBe(true);
    expect(content.status.restoreSize).toBe(1024 ** 3);
    expect(content.status.creationTime).toBe(Date.parse('2025-03-01T10:00:00Z') * 1_000_000);

    const snapshotVolume = fixture.runtime.portworx.volumes.get(content.status.snapshotHandle);
    expect(snapshotVolume?.snapshot).toBe(true);
    expect(snapshotVolume?.parentId).toBe(volumeId);
    expect(reasons(fixture.events('nightly'))).toEqual(expect.arrayContaining(['CreatingSnapshot', 'SnapshotCreated', 'SnapshotReady']));
  });

  it('keeps the data of the moment it was cut', async () => {
    const volumeId = await provisionClaim(fixture, 'mysql-data', CSI_CLASS);
    await writeVolumeFile(fixture, volumeId, 'ibdata1', 'row 1');
    const calls: string[] = [];
    fixture.runtime.volumeFreezer = async (id) => {
      calls.push(`freeze ${id}`);
      return async () => {
        calls.push(`thaw ${id}`);
      };
    };

    createCsiSnapshot(fixture, 'nightly', 'mysql-data');
    await fixture.settle();
    await writeVolumeFile(fixture, volumeId, 'ibdata1', 'row 1, row 2');

    const content = fixture.runtime.store.list(CONTENTS).items[0];
    const snapshotId = String(content?.status.snapshotHandle);
    expect(await readVolumeFile(fixture, snapshotId, 'ibdata1')).toBe('row 1');
    expect(await readVolumeFile(fixture, volumeId, 'ibdata1')).toBe('row 1, row 2');
    expect(calls).toEqual([`freeze ${volumeId}`, `thaw ${volumeId}`]);
    expect(fixture.runtime.portworx.volumes.get(snapshotId)?.stats.bytesUsed).toBe(5);
  });

  it('reports a missing VolumeSnapshotClass', async () => {
    await provisionClaim(fixture, 'mysql-data', CSI_CLASS);
    createCsiSnapshot(fixture, 'nightly', 'mysql-data', 'no-such-class');
    await fixture.settle();

    const snapshot = fixture.runtime.store.get(SNAPSHOTS, 'default', 'nightly');
    expect(snapshot.status.readyToUse).toBe(false);
    expect(snapshot.status.error.message).toMatch(/volumesnapshotclass.snapshot.storage.k8s.io "no-such-class" not found/);
    const failure = fixture.events('nightly').find((event) => event.reason === 'SnapshotCreationFailed');
    expect(failure?.type).toBe('Warning');
    expect(fixture.runtime.store.list(CONTENTS).items).toEqual([]);
  });

  it('succeeds once the missing class is created', async () => {
    await provisionClaim(fixture, 'mysql-data', CSI_CLASS);
    createCsiSnapshot(fixture, 'nightly', 'mysql-data', 'late-class');
    await fixture.settle();
    fixture.runtime.store.create('volumesnapshotclasses.snapshot.storage.k8s.io', { metadata: { name: 'late-class' }, driver: 'pxd.portworx.com', deletionPolicy: 'Retain' });
    await fixture.settle();

    const snapshot = fixture.runtime.store.get(SNAPSHOTS, 'default', 'nightly');
    expect(snapshot.status.readyToUse).toBe(true);
    expect(snapshot.status.error).toBeUndefined();
  });

  it('reports a class of another driver', async () => {
    await provisionClaim(fixture, 'mysql-data', CSI_CLASS);
    fixture.runtime.store.create('volumesnapshotclasses.snapshot.storage.k8s.io', { metadata: { name: 'gce' }, driver: 'pd.csi.storage.gke.io', deletionPolicy: 'Delete' });
    createCsiSnapshot(fixture, 'nightly', 'mysql-data', 'gce');
    await fixture.settle();
    const snapshot = fixture.runtime.store.get(SNAPSHOTS, 'default', 'nightly');
    expect(snapshot.status.readyToUse).toBe(false);
    expect(snapshot.status.error.message).toMatch(/uses driver pd.csi.storage.gke.io/);
  });

  it('uses the default class when none is named', async () => {
    await provisionClaim(fixture, 'mysql-data', CSI_CLASS);
    const snapshotClass = fixture.runtime.store.get('volumesnapshotclasses.snapshot.storage.k8s.io', undefined, 'px-csi-snapclass');
    fixture.runtime.store.update('volumesnapshotclasses.snapshot.storage.k8s.io', {
      ...snapshotClass,
      metadata: { ...snapshotClass.metadata, annotations: { 'snapshot.storage.kubernetes.io/is-default-class': 'true' } },
    });
    createCsiSnapshot(fixture, 'nightly', 'mysql-data', undefined);
    await fixture.settle();
    expect(fixture.runtime.store.get(SNAPSHOTS, 'default', 'nightly').status.readyToUse).toBe(true);
  });

  it('reports a claim that does not exist', async () => {
    createCsiSnapshot(fixture, 'nightly', 'missing');
    await fixture.settle();
    expect(fixture.runtime.store.get(SNAPSHOTS, 'default', 'nightly').status.error.message).toBe('PersistentVolumeClaim default/missing not found');
  });

  it('snapshots an in-tree volume', async () => {
    const volumeId = await provisionClaim(fixture, 'mysql-data', 'px-ha-sc');
    createCsiSnapshot(fixture, 'nightly', 'mysql-data');
    await fixture.settle();
    const content = fixture.runtime.store.list(CONTENTS).items[0];
    expect(content?.spec.source.volumeHandle).toBe(volumeId);
  });

  it('deletes content and snapshot volume with Delete', async () => {
    await provisionClaim(fixture, 'mysql-data', CSI_CLASS);
    createCsiSnapshot(fixture, 'nightly', 'mysql-data');
    await fixture.settle();
    const content = fixture.runtime.store.list(CONTENTS).items[0];
    const snapshotId = String(content?.status.snapshotHandle);

    fixture.runtime.store.delete(SNAPSHOTS, 'default', 'nightly');
    await fixture.settle();

    expect(fixture.runtime.store.find(SNAPSHOTS, 'default', 'nightly')).toBeUndefined();
    expect(fixture.runtime.store.list(CONTENTS).items).toEqual([]);
    expect(fixture.runtime.portworx.volumes.has(snapshotId)).toBe(false);
    await expect(stat(volumeDirectory(fixture.runtime, snapshotId))).rejects.toThrow(/ENOENT/);
  });

  it('keeps content and snapshot volume with Retain', async () => {
    fixture.runtime.store.create('volumesnapshotclasses.snapshot.storage.k8s.io', { metadata: { name: 'keep' }, driver: 'pxd.portworx.com', deletionPolicy: 'Retain' });
    await provisionClaim(fixture, 'mysql-data', CSI_CLASS);
    createCsiSnapshot(fixture, 'nightly', 'mysql-data', 'keep');
    await fixture.settle();
    fixture.runtime.store.delete(SNAPSHOTS, 'default', 'nightly');
    await fixture.settle();

    const contents = fixture.runtime.store.list(CONTENTS).items;
    expect(fixture.runtime.store.find(SNAPSHOTS, 'default', 'nightly')).toBeUndefined();
    expect(contents).toHaveLength(1);
    expect(contents[0]?.metadata.finalizers ?? []).toEqual([]);
    expect(fixture.runtime.portworx.volumes.has(String(contents[0]?.status.snapshotHandle))).toBe(true);
  });
});
