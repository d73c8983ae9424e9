import { stat } from 'node:fs/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { volumeDirectory } from '../../../src/lab/storage/volume-data.js';
import { createPodUsingClaim, reasons, startStorageFixture, type StorageFixture } from './storage-fixture.js';

describe('volume reclaimer', () => {
  let fixture: StorageFixture;

  beforeEach(async () => {
    fixture = await startStorageFixture();
  });
  afterEach(async () => fixture.close());

  async function boundClaim(name: string, storageClassName = 'px-ha-sc'): Promise<{ pvName: string; volumeId: string }> {
    fixture.createClaim(name, { storageClassName });
    await fixture.settle();
    const pvName = String(fixture.claim(name).spec.volumeName);
    const pv = fixture.runtime.store.get('persistentvolumes', undefined, pvName);
    return { pvName, volumeId: pv.spec.portworxVolume?.volumeID ?? pv.spec.csi.volumeHandle };
  }

  it('deletes PV, volume and data with policy Delete', async () => {
    const { pvName, volumeId } = await boundClaim('scratch');
    fixture.runtime.store.delete('persistentvolumeclaims', 'default', 'scratch');
    await fixture.settle();

    expect(fixture.runtime.store.find('persistentvolumeclaims', 'default', 'scratch')).toBeUndefined();
    expect(fixture.runtime.store.find('persistentvolumes', undefined, pvName)).toBeUndefined();
    expect(fixture.runtime.portworx.volumes.has(volumeId)).toBe(false);
    await expect(stat(volumeDirectory(fixture.runtime, volumeId))).rejects.toThrow(/ENOENT/);
  });

  it('keeps a claim that a running pod uses', async () => {
    const { volumeId } = await boundClaim('in-use');
    createPodUsingClaim(fixture.runtime, 'mysql-1', 'in-use', 'node-a');
    fixture.runtime.store.delete('persistentvolumeclaims', 'default', 'in-use');
    await fixture.settle();

    const claim = fixture.runtime.store.find('persistentvolumeclaims', 'default', 'in-use');
    expect(claim?.metadata.deletionTimestamp).toBeDefined();
    expect(claim?.metadata.finalizers).toEqual(['kubernetes.io/pvc-protection']);
    expect(fixture.runtime.portworx.volumes.has(volumeId)).toBe(true);

    fixture.runtime.store.delete('pods', 'default', 'mysql-1', { gracePeriodSeconds: 0 });
    await fixture.settle();
    expect(fixture.runtime.store.find('persistentvolumeclaims', 'default', 'in-use')).toBeUndefined();
    expect(fixture.runtime.portworx.volumes.has(volumeId)).toBe(false);
  });

  it('releases a claim whose pod has succeeded', async () => {
    await boundClaim('batch');
    const pod = createPodUsingClaim(fixture.runtime, 'job-1', 'batch', 'node-a');
    fixture.runtime.store.updateStatus('pods', { ...pod, status: { ...pod.status, phase: 'Succeeded' } });
    fixture.runtime.store.delete('persistentvolumeclaims', 'default', 'batch');
    await fixture.settle();
    expect(fixture.runtime.store.find('persistentvolumeclaims', 'default', 'batch')).toBeUndefined();
  });

  it('waits for the volume to be detached', async () => {
    const { pvName, volumeId } = await boundClaim('attached');
    const volume = fixture.runtime.portworx.volumes.get(volumeId);
    if (!volume) throw new Error('volume missing');
    volume.attachedNodeName = 'node-a';
    fixture.runtime.store.delete('persistentvolumeclaims', 'default', 'attached');
    await fixture.settle();

    expect(fixture.runtime.store.find('persistentvolumes', undefined, pvName)).toBeDefined();
    expect(reasons(fixture.events(pvName))).toContain('VolumeFailedDelete');

    volume.attachedNodeName = undefined;
    await expect.poll(() => fixture.runtime.store.find('persistentvolumes', undefined, pvName), { timeout: 2_000 }).toBeUndefined();
    expect(fixture.runtime.portworx.volumes.has(volumeId)).toBe(false);
  });

  it('marks a Retain volume Released', async () => {
    fixture.runtime.store.create('storageclasses.storage.k8s.io', {
      metadata: { name: 'px-retain' },
      provisioner: 'kubernetes.io/portworx-volume',
      parameters: { repl: '1' },
      reclaimPolicy: 'Retain',
    });
    const { pvName, volumeId } = await boundClaim('kept', 'px-retain');
    fixture.runtime.store.delete('persistentvolumeclaims', 'default', 'kept');
    await fixture.settle();

    const pv = fixture.runtime.store.get('persistentvolumes', undefined, pvName);
    expect(pv.spec.persistentVolumeReclaimPolicy).toBe('Retain');
    expect(pv.status.phase).toBe('Released');
    expect(fixture.runtime.portworx.volumes.has(volumeId)).toBe(true);
  });

  it('removes pv-protection from a deleted Released PV', async () => {
    fixture.runtime.store.create('storageclasses.storage.k8s.io', { metadata: { name: 'px-retain' }, provisioner: 'kubernetes.io/portworx-volume', reclaimPolicy: 'Retain' });
    const { pvName } = await boundClaim('kept', 'px-retain');
    fixture.runtime.store.delete('persistentvolumeclaims', 'default', 'kept');
    await fixture.settle();
    fixture.runtime.store.delete('persistentvolumes', undefined, pvName);
    await fixture.settle();
    expect(fixture.runtime.store.find('persistentvolumes', undefined, pvName)).toBeUndefined();
  });

  it('keeps a bound PV that is deleted', async () => {
    const { pvName } = await boundClaim('busy');
    fixture.runtime.store.delete('persistentvolumes', undefined, pvName);
    await fixture.settle();
    const pv = fixture.runtime.store.find('persistentvolumes', undefined, pvName);
    expect(pv?.metadata.deletionTimestamp).toBeDefined();
    expect(pv?.metadata.finalizers).toEqual(['kubernetes.io/pv-protection']);
  });
});
