import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/lab/apiserver/kube-object.js';
import { reasons, startStorageFixture, type StorageFixture } from './storage-fixture.js';

const GIB = 1024 ** 3;

describe('volume expander', () => {
  let fixture: StorageFixture;

  beforeEach(async () => {
    fixture = await startStorageFixture();
  });
  afterEach(async () => fixture.close());

  async function boundClaim(name: string, storageClassName: string): Promise<KubeObject> {
    fixture.createClaim(name, { storageClassName });
    await fixture.settle();
    return fixture.claim(name);
  }

  function requestStorage(name: string, storage: string): void {
    const claim = fixture.claim(name);
    fixture.runtime.store.update('persistentvolumeclaims', { ...claim, spec: { ...claim.spec, resources: { requests: { storage } } } });
  }

  function portworxVolumeOf(claim: KubeObject) {
    const pv = fixture.runtime.store.get('persistentvolumes', undefined, claim.spec.volumeName);
    const volume = fixture.runtime.portworx.volumes.get(pv.spec.portworxVolume.volumeID);
    if (!volume) throw new Error('no Portworx volume');
    return { pv, volume };
  }

  it('grows 1Gi to 2Gi in two visible steps', async () => {
    const claim = await boundClaim('mysql-data', 'px-ha-sc');
    const claimStatuses: KubeObject[] = [];
    fixture.runtime.store.subscribe((event) => {
      if (event.resource.plural === 'persistentvolumeclaims' && event.object.metadata.name === 'mysql-data') claimStatuses.push(event.object.status);
    });

    requestStorage('mysql-data', '2Gi');
    await fixture.settle();

    const { pv, volume } = portworxVolumeOf(claim);
    const final = fixture.claim('mysql-data');
    expect(pv.spec.capacity.storage).toBe('2Gi');
    expect(volume.sizeBytes).toBe(2 * GIB);
    expect(final.status.capacity.storage).toBe('2Gi');
    expect(final.status.conditions).toBeUndefined();
    expect(final.status.allocatedResources).toEqual({ storage: '2Gi' });

    const inProgress = claimStatuses.find((status) => status.conditions?.some((condition: KubeObject) => condition.type === 'Resizing'));
    expect(inProgress?.capacity.storage).toBe('1Gi');
    expect(reasons(fixture.events('mysql-data'))).toEqual(expect.arrayContaining(['Resizing', 'VolumeResizeSuccessful']));
  });

  it('rejects a class without allowVolumeExpansion', async () => {
    fixture.runtime.store.create('storageclasses.storage.k8s.io', { metadata: { name: 'px-fixed' }, provisioner: 'kubernetes.io/portworx-volume' });
    const claim = await boundClaim('fixed', 'px-fixed');
    expect(() => requestStorage('fixed', '3Gi')).toThrow(/only dynamically provisioned pvc can be resized/);
    await fixture.settle();

    const { pv, volume } = portworxVolumeOf(claim);
    expect(fixture.claim('fixed').status.capacity.storage).toBe('1Gi');
    expect(fixture.claim('fixed').spec.resources.requests.storage).toBe('1Gi');
    expect(pv.spec.capacity.storage).toBe('1Gi');
    expect(volume.sizeBytes).toBe(GIB);
  });

  it('leaves the claim alone after a pxctl resize', async () => {
    const claim = await boundClaim('mysql-data', 'px-ha-sc');
    const { volume } = portworxVolumeOf(claim);
    volume.sizeBytes = 5 * GIB;
    fixture.runtime.store.create('configmaps', { metadata: { name: 'nudge', namespace: 'default' } });
    await fixture.settle();

    expect(fixture.claim('mysql-data').status.capacity.storage).toBe('1Gi');
    expect(portworxVolumeOf(claim).pv.spec.capacity.storage).toBe('1Gi');
  });

  it('never shrinks a volume grown by pxctl', async () => {
    const claim = await boundClaim('mysql-data', 'px-ha-sc');
    portworxVolumeOf(claim).volume.sizeBytes = 5 * GIB;
    requestStorage('mysql-data', '2Gi');
    await fixture.settle();

    const { pv, volume } = portworxVolumeOf(claim);
    expect(volume.sizeBytes).toBe(5 * GIB);
    expect(pv.spec.capacity.storage).toBe('2Gi');
    expect(fixture.claim('mysql-data').status.capacity.storage).toBe('2Gi');
  });
});
