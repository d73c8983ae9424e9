import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createCsiSnapshot, createStorkSnapshot, provisionClaim, readVolumeFile, writeVolumeFile } from './snapshot-helpers.js';
import { CSI_CLASS, startStorageFixture, type StorageFixture } from './storage-fixture.js';

const CSI_SOURCE = { kind: 'VolumeSnapshot', apiGroup: 'snapshot.storage.k8s.io', name: 'nightly' };

describe('restore from snapshot', () => {
  let fixture: StorageFixture;

  beforeEach(async () => {
    fixture = await startStorageFixture();
  });
  afterEach(async () => fixture.close());

  function volumeOfClaim(name: string) {
    const pv = fixture.runtime.store.get('persistentvolumes', undefined, fixture.claim(name).spec.volumeName);
    const id = String(pv.spec.portworxVolume?.volumeID ?? pv.spec.csi?.volumeHandle);
    const volume = fixture.runtime.portworx.volumes.get(id);
    if (!volume) throw new Error(`no Portworx volume for claim ${name}`);
    return { pv, volume };
  }

  it('restores a CSI snapshot into a new volume', async () => {
    const sourceId = await provisionClaim(fixture, 'mysql-data', CSI_CLASS);
    await writeVolumeFile(fixture, sourceId, 'ibdata1', 'snapshot rows');
    createCsiSnapshot(fixture, 'nightly', 'mysql-data');
    await fixture.settle();
    await writeVolumeFile(fixture, sourceId, 'ibdata1', 'later rows');

    fixture.createClaim('mysql-restored', { storageClassName: CSI_CLASS, dataSource: CSI_SOURCE });
    await fixture.settle();

    const { pv, volume } = volumeOfClaim('mysql-restored');
    const source = fixture.runtime.portworx.volumes.get(sourceId);
    expect(fixture.claim('mysql-restored').status.phase).toBe('Bound');
    expect(pv.spec.csi.driver).toBe('pxd.portworx.com');
    expect(volume.id).not.toBe(sourceId);
    expect(volume.snapshot).toBe(false);
    expect(await readVolumeFile(fixture, volume.id, 'ibdata1')).toBe('snapshot rows');
    expect(volume.replicaNodeIds).toEqual(source?.replicaNodeIds);
    expect(volume.haLevel).toBe(source?.haLevel);
  });

  it('waits for the CSI snapshot to be ready', async () => {
    await provisionClaim(fixture, 'mysql-data', CSI_CLASS);
    fixture.createClaim('mysql-restored', { storageClassName: CSI_CLASS, dataSource: CSI_SOURCE });
    await fixture.settle();
    expect(fixture.claim('mysql-restored').status.phase).toBe('Pending');
    const failure = fixture.events('mysql-restored').find((event) => event.reason === 'ProvisioningFailed');
    expect(failure?.message).toBe('VolumeSnapshot default/nightly not found: create it first or fix spec.dataSource.name');

    createCsiSnapshot(fixture, 'nightly', 'mysql-data');
    await fixture.settle();
    expect(fixture.claim('mysql-restored').status.phase).toBe('Bound');
  });

  it('rejects a size below restoreSize', async () => {
    fixture.createClaim('big', { storageClassName: CSI_CLASS, storage: '2Gi' });
    await fixture.settle();
    createCsiSnapshot(fixture, 'nightly', 'big');
    await fixture.settle();

    fixture.createClaim('too-small', { storageClassName: CSI_CLASS, storage: '1Gi', dataSource: CSI_SOURCE });
    await fixture.settle();

    expect(fixture.claim('too-small').status.phase).toBe('Pending');
    const failure = fixture.events('too-small').find((event) => event.reason === 'ProvisioningFailed');
    expect(failure?.type).toBe('Warning');
    expect(failure?.message).toMatch(/requested volume size 1073741824 bytes is less than the size 2147483648 bytes of the source snapshot default\/nightly/);
  });

  it('takes repl from the class when it differs', async () => {
    await provisionClaim(fixture, 'mysql-data', CSI_CLASS);
    createCsiSnapshot(fixture, 'nightly', 'mysql-data');
    await fixture.settle();
    fixture.runtime.store.create('storageclasses.storage.k8s.io', { metadata: { name: 'px-csi-single' }, provisioner: 'pxd.portworx.com', parameters: { repl: '1' } });

    fixture.createClaim('single', { storageClassName: 'px-csi-single', dataSource: CSI_SOURCE });
    await fixture.settle();
    expect(volumeOfClaim('single').volume.replicaNodeIds).toHaveLength(1);
  });

  it('rejects a CSI data source on an in-tree class', async () => {
    await provisionClaim(fixture, 'mysql-data', CSI_CLASS);
    createCsiSnapshot(fixture, 'nightly', 'mysql-data');
    await fixture.settle();
    fixture.createClaim('in-tree', { storageClassName: 'px-ha-sc', dataSource: CSI_SOURCE });
    await fixture.settle();
    const failure = fixture.events('in-tree').find((event) => event.reason === 'ProvisioningFailed');
    expect(failure?.message).toMatch(/needs a StorageClass with provisioner pxd.portworx.com/);
  });

  it('restores a STORK snapshot through stork-snapshot-sc', async () => {
    const sourceId = await provisionClaim(fixture, 'mysql-data', 'px-ha-sc');
    await writeVolumeFile(fixture, sourceId, 'ibdata1', 'stork rows');
    createStorkSnapshot(fixture, 'mysql-snapshot', 'mysql-data');
    await fixture.settle();
    await writeVolumeFile(fixture, sourceId, 'ibdata1', 'later rows');

    fixture.createClaim('mysql-snap-clone', { storageClassName: 'stork-snapshot-sc', annotations: { 'snapshot.alpha.kubernetes.io/snapshot': 'mysql-snapshot' } });
    await fixture.settle();

    const { pv, volume } = volumeOfClaim('mysql-snap-clone');
    const source = fixture.runtime.portworx.volumes.get(sourceId);
    expect(pv.spec.portworxVolume.volumeID).toBe(volume.id);
    expect(pv.spec.storageClassName).toBe('stork-snapshot-sc');
    expect(pv.metadata.annotations['pv.kubernetes.io/provisioned-by']).toBe('stork-snapshot');
    expect(await readVolumeFile(fixture, volume.id, 'ibdata1')).toBe('stork rows');
    expect(volume.haLevel).toBe(3);
    expect(volume.replicaNodeIds).toEqual(source?.replicaNodeIds);
    expect(volume.format).toBe('xfs');
    expect(volume.ioPriority).toBe('HIGH');
  });

  it('reports a STORK claim without the annotation', async () => {
    fixture.createClaim('no-annotation', { storageClassName: 'stork-snapshot-sc' });
    await fixture.settle();
    const failure = fixture.events('no-annotation').find((event) => event.reason === 'ProvisioningFailed');
    expect(failure?.message).toMatch(/needs the annotation snapshot.alpha.kubernetes.io\/snapshot/);
  });
});
