import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { KubeObject } from '../../../src/lab/apiserver/kube-object.js';
import { volumeDirectory } from '../../../src/lab/storage/volume-data.js';
import { SNAPSHOT_CLASS, type StorageFixture } from './storage-fixture.js';

/** Provisions a bound claim and returns the id of its Portworx volume. */
export async function provisionClaim(fixture: StorageFixture, name: string, storageClassName: string): Promise<string> {
  fixture.createClaim(name, { storageClassName });
  await fixture.settle();
  const pv = fixture.runtime.store.get('persistentvolumes', undefined, fixture.claim(name).spec.volumeName);
  return String(pv.spec.portworxVolume?.volumeID ?? pv.spec.csi?.volumeHandle);
}

export async function writeVolumeFile(fixture: StorageFixture, volumeId: string, file: string, text: string): Promise<void> {
  await writeFile(join(volumeDirectory(fixture.runtime, volumeId), file), text);
}

export async function readVolumeFile(fixture: StorageFixture, volumeId: string, file: string): Promise<string> {
  return await readFile(join(volumeDirectory(fixture.runtime, volumeId), file), 'utf8');
}

export function createCsiSnapshot(fixture: StorageFixture, name: string, claimName: string, className: string | undefined = SNAPSHOT_CLASS): KubeObject {
  return fixture.runtime.store.create('volumesnapshots.snapshot.storage.k8s.io', {
    metadata: { name, namespace: 'default' },
    spec: { ...(className === undefined ? {} : { volumeSnapshotClassName: className }), source: { persistentVolumeClaimName: claimName } },
  });
}

export function createStorkSnapshot(fixture: StorageFixture, name: string, claimName: string): KubeObject {
  return fixture.runtime.store.create('volumesnapshots.volumesnapshot.external-storage.k8s.io', {
    metadata: { name, namespace: 'default' },
    spec: { persistentVolumeClaimName: claimName },
  });
}
