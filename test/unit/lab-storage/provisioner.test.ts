import { stat } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { volumeDirectory } from '../../../src/lab/storage/volume-data.js';
import { CSI_CLASS, reasons, startStorageFixture, type StorageFixture } from './storage-fixture.js';

const GIB = 1024 ** 3;

describe('provisioner', () => {
  let fixture: StorageFixture;

  beforeEach(async () => {
    fixture = await startStorageFixture();
  });
  afterEach(async () => fixture.close());

  function volumeOf(pvName: string) {
    const volume = [...fixture.runtime.portworx.volumes.values()].find((candidate) => candidate.name === pvName);
    if (!volume) throw new Error(`no Portworx volume named ${pvName}`);
    return volume;
  }

  it('provisions an in-tree volume with 3 replicas', async () => {
    const created = fixture.createClaim('mysql-data', { storageClassName: 'px-ha-sc' });
    await fixture.settle();

    const claim = fixture.claim('mysql-data');
    const pvName = `pvc-${created.metadata.uid}`;
    const pv = fixture.runtime.store.get('persistentvolumes', undefined, pvName);
    const volume = volumeOf(pvName);

    expect(claim.status.phase).toBe('Bound');
    expect(claim.spec.volumeName).toBe(pvName);
    expect(claim.status.capacity).toEqual({ storage: '1Gi' });
    expect(claim.metadata.annotations['pv.kubernetes.io/bind-completed']).toBe('yes');
    expect(claim.metadata.finalizers).toContain('kubernetes.io/pvc-protection');

    expect(pv.status.phase).toBe('Bound');
    expect(pv.spec.portworxVolume).toEqual({ volumeID: volume.id, fsType: 'xfs' });
    expect(pv.spec.csi).toBeUndefined();
    expect(pv.spec.claimRef).toMatchObject({ name: 'mysql-data', namespace: 'default', uid: created.metadata.uid });
    expect(pv.spec.persistentVolumeReclaimPolicy).toBe('Delete');
    expect(pv.spec.storageClassName).toBe('px-ha-sc');
    expect(pv.spec.capacity).toEqual({ storage: '1Gi' });
    expect(pv.metadata.annotations['pv.kubernetes.io/provisioned-by']).toBe('kubernetes.io/portworx-volume');
    expect(pv.metadata.finalizers).toContain('kubernetes.io/pv-protection');

    expect(new Set(volume.replicaNodeIds).size).toBe(3);
    expect(volume.haLevel).toBe(3);
    expect(volume.format).toBe('xfs');
    expect(volume.ioPriority).toBe('HIGH');
    expect(volume.ioProfile).toBe('db');
    expect(volume.sizeBytes).toBe(GIB);
    expect(volume.labels).toEqual({ namespace: 'default', pvc: 'mysql-data' });
    expect((await stat(volumeDirectory(fixture.runtime, volume.id))).isDirectory()).toBe(true);
    expect(reasons(fixture.events('mysql-data'))).toContain('ProvisioningSucceeded');
  });

  it('provisions a CSI volume with a csi source', async () => {
    const created = fixture.createClaim('csi-data', { storageClassName: CSI_CLASS });
    await fixture.settle();

    const pv = fixture.runtime.store.get('persistentvolumes', undefined, `pvc-${created.metadata.uid}`);
    const volume = volumeOf(pv.metadata.name);
    expect(pv.spec.csi).toMatchObject({ driver: 'pxd.portworx.com', volumeHandle: volume.id, fsType: 'ext4' });
    expect(pv.spec.portworxVolume).toBeUndefined();
    expect(pv.metadata.annotations['pv.kubernetes.io/provisioned-by']).toBe('pxd.portworx.com');
    expect(volume.replicaNodeIds).toHaveLength(2);
    expect(new Set(volume.replicaNodeIds).size).toBe(2);
    expect(volume.ioPriority).toBe('MEDIUM');
    expect(volume.ioProfile).toBe('db_remote');
    expect(volume.format).toBe('ext4');
    expect(reasons(fixture.events('csi-data'))).toEqual(expect.arrayContaining(['ExternalProvisioning', 'Provisioning', 'ProvisioningSucceeded']));
  });

  it('reads the legacy storage-class annotation', async () => {
    fixture.createClaim('legacy', { annotations: { 'volume.beta.kubernetes.io/storage-class': 'px-ha-sc' } });
    await fixture.settle();
    expect(fixture.claim('legacy').status.phase).toBe('Bound');
  });

  it('rounds the request up to whole GiB', async () => {
    fixture.createClaim('odd-size', { storageClassName: CSI_CLASS, storage: '1500Mi' });
    await fixture.settle();

    const claim = fixture.claim('odd-size');
    expect(claim.status.capacity.storage).toBe('2Gi');
    expect(volumeOf(claim.spec.volumeName).sizeBytes).toBe(2 * GIB);
  });

  it('spreads replicas over the least used nodes', async () => {
    fixture.createClaim('first', { storageClassName: CSI_CLASS });
    await fixture.settle();
    fixture.createClaim('second', { storageClassName: CSI_CLASS });
    await fixture.settle();

    const first = volumeOf(fixture.claim('first').spec.volumeName);
    const second = volumeOf(fixture.claim('second').spec.volumeName);
    const unusedByFirst = ['node-id-0', 'node-id-1', 'node-id-2'].find((id) => !first.replicaNodeIds.includes(id));
    expect(second.replicaNodeIds).toContain(unusedByFirst);
  });

  it('fails when fewer nodes are online than repl', async () => {
    fixture.runtime.nodes.setDown('node-c', true);
    fixture.createClaim('needs-three', { storageClassName: 'px-ha-sc' });
    await fixture.settle();

    const claim = fixture.claim('needs-three');
    expect(claim.status.phase).toBe('Pending');
    expect(claim.spec.volumeName).toBeUndefined();
    const failure = fixture.events('needs-three').find((event) => event.reason === 'ProvisioningFailed');
    expect(failure?.type).toBe('Warning');
    expect(failure?.message).toMatch(/cannot place 3 replicas: only 2 of 3 Portworx nodes are online/);
    expect(fixture.runtime.portworx.volumes.size).toBe(0);
  });

  it('provisions once the node is back', async () => {
    const offline = fixture.runtime.portworx.nodeByName('node-b');
    if (!offline) throw new Error('fixture has no node-b');
    offline.online = false;
    fixture.createClaim('waits', { storageClassName: 'px-ha-sc' });
    await fixture.settle();
    expect(fixture.claim('waits').status.phase).toBe('Pending');

    offline.online = true;
    await expect.poll(() => fixture.claim('waits').status.phase, { timeout: 2_000 }).toBe('Bound');
  });

  it('reports a missing StorageClass', async () => {
    fixture.createClaim('no-class', { storageClassName: 'missing-sc' });
    await fixture.settle();
    const failure = fixture.events('no-class').find((event) => event.reason === 'ProvisioningFailed');
    expect(failure?.message).toBe('storageclass.storage.k8s.io "missing-sc" not found');
    expect(fixture.claim('no-class').status.phase).toBe('Pending');
  });

  it('counts a repeated failure on one event', async () => {
    fixture.runtime.nodes.setDown('node-c', true);
    fixture.createClaim('repeats', { storageClassName: 'px-ha-sc' });
    await fixture.settle();
    fixture.clock.advance(11_000);
    fixture.createClaim('other', { storageClassName: 'missing-sc' });
    await fixture.settle();

    const failures = fixture.events('repeats').filter((event) => event.reason === 'ProvisioningFailed');
    expect(failures).toHaveLength(1);
    expect(failures[0]?.count).toBe(2);
  });

  it('leaves claims of other provisioners alone', async () => {
    fixture.runtime.store.create('storageclasses.storage.k8s.io', { metadata: { name: 'standard' }, provisioner: 'pd.csi.storage.gke.io' });
    fixture.createClaim('gce', { storageClassName: 'standard' });
    await fixture.settle();
    expect(fixture.claim('gce').status.phase).toBe('Pending');
    expect(fixture.events('gce')).toEqual([]);
  });
});
