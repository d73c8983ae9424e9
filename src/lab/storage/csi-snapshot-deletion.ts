import type { KubeObject } from '../apiserver/kube-object.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';
import { findVolumeByName } from './portworx-volumes.js';
import { CONTENT_BOUND_FINALIZER, RESOURCES, SNAPSHOT_BOUND_FINALIZER } from './storage-names.js';
import { removeVolume } from './volume-data.js';

/**
 * Finishes the deletion of a CSI VolumeSnapshot: with deletionPolicy Delete its content and the
 * Portworx snapshot volume go too, with Retain the content stays without its finalizer. Then the
 * snapshot's own finalizer is removed, which lets the store remove it.
 */
export async function reconcileDeletedCsiSnapshot(runtime: LabRuntime, snapshot: KubeObject): Promise<void> {
  const contentName = snapshot.status?.boundVolumeSnapshotContentName ?? `snapcontent-${snapshot.metadata.uid}`;
  const content = runtime.store.find(RESOURCES.csiSnapshotContents, undefined, String(contentName));
  if (content) {
    await releaseContent(runtime, content);
  } else {
    // A run interrupted before the content existed may have left the snapshot volume alone.
    const orphan = findVolumeByName(runtime, `snapshot-${snapshot.metadata.uid}`);
    if (orphan) await removeVolume(runtime, orphan.id);
  }
  removeFinalizer(runtime, RESOURCES.csiSnapshots, snapshot, SNAPSHOT_BOUND_FINALIZER);
}

/**
 * Handles a VolumeSnapshotContent whose VolumeSnapshot no longer exists (or was replaced by a new
 * one with the same name) or that is being deleted while unbound: applies its deletionPolicy.
 */
export async function reconcileCsiContent(runtime: LabRuntime, content: KubeObject): Promise<void> {
  const reference = content.spec?.volumeSnapshotRef;
  if (!reference?.name || !reference.namespace) return;
  const snapshot = runtime.store.find(RESOURCES.csiSnapshots, String(reference.namespace), String(reference.name));
  const bound = snapshot !== undefined && (reference.uid === undefined || snapshot.metadata.uid === reference.uid);
  if (bound) return;
  if (content.spec.deletionPolicy !== 'Delete' && !content.metadata.deletionTimestamp) {
    removeFinalizer(runtime, RESOURCES.csiSnapshotContents, content, CONTENT_BOUND_FINALIZER);
    return;
  }
  await releaseContent(runtime, content);
}

/** Applies the content's deletionPolicy once its snapshot is gone or going. */
async function releaseContent(runtime: LabRuntime, content: KubeObject): Promise<void> {
  if (content.spec?.deletionPolicy !== 'Delete') {
    removeFinalizer(runtime, RESOURCES.csiSnapshotContents, content, CONTENT_BOUND_FINALIZER);
    return;
  }
  const handle = content.status?.snapshotHandle;
  if (handle !== undefined && runtime.portworx.volumes.get(String(handle))?.snapshot) {
    await removeVolume(runtime, String(handle));
    runtime.logger.info({ content: content.metadata.name, snapshotId: handle }, 'deleted Portworx snapshot of a deleted VolumeSnapshot');
  }
  const { removed, object } = runtime.store.delete(RESOURCES.csiSnapshotContents, undefined, content.metadata.name);
  if (!removed) removeFinalizer(runtime, RESOURCES.csiSnapshotContents, object, CONTENT_BOUND_FINALIZER);
}

function removeFinalizer(runtime: LabRuntime, resource: string, object: KubeObject, finalizer: string): void {
  const finalizers: string[] = object.metadata.finalizers ?? [];
  if (!finalizers.includes(finalizer)) return;
  runtime.store.update(resource, { ...object, metadata: { ...object.metadata, finalizers: finalizers.filter((name) => name !== finalizer) } });
}
