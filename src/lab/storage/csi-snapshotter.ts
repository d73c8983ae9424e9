import type { KubeObject } from '../apiserver/kube-object.js';
import { isoSeconds } from '../apiserver/object-store.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';
import { reconcileDeletedCsiSnapshot, reconcileCsiContent } from './csi-snapshot-deletion.js';
import { resolveCsiSnapshotSource, SnapshotError, type CsiSnapshotSource } from './csi-snapshot-source.js';
import { createSnapshotVolume } from './snapshot-volumes.js';
import { recordEvent } from './storage-events.js';
import { COMPONENTS, CONTENT_BOUND_FINALIZER, CSI_DRIVER, RESOURCES, SNAPSHOT_BOUND_FINALIZER } from './storage-names.js';
import { formatBinaryQuantity } from './storage-quantity.js';
import { reconcileEach, startStoreController, type StorageController } from './store-controller.js';

const NAME = 'csi-snapshotter';

/**
 * Starts the CSI snapshot controller for `pxd.portworx.com`: a VolumeSnapshot of a bound claim gets
 * a Portworx snapshot volume (a point-in-time copy), a VolumeSnapshotContent and ready status on
 * both. A snapshot that cannot be cut stays not ready with `status.error`. Deletion follows the
 * content's deletionPolicy. Pre-provisioned snapshots (`spec.source.volumeSnapshotContentName`)
 * are left alone.
 */
export function startCsiSnapshotter(runtime: LabRuntime): StorageController {
  const resources = [RESOURCES.csiSnapshots, RESOURCES.csiSnapshotContents, RESOURCES.csiSnapshotClasses, RESOURCES.claims];
  return startStoreController(runtime, NAME, resources, async () => {
    const snapshots = runtime.store.list(RESOURCES.csiSnapshots).items;
    await reconcileEach(runtime, NAME, snapshots, (snapshot) => reconcileSnapshot(runtime, snapshot));
    const contents = runtime.store.list(RESOURCES.csiSnapshotContents).items;
    await reconcileEach(runtime, NAME, contents, (content) => reconcileCsiContent(runtime, content));
  });
}

async function reconcileSnapshot(runtime: LabRuntime, snapshot: KubeObject): Promise<void> {
  if (snapshot.metadata.deletionTimestamp) {
    await reconcileDeletedCsiSnapshot(runtime, snapshot);
    return;
  }
  if (snapshot.status?.readyToUse === true || snapshot.spec?.source?.volumeSnapshotContentName) return;

  let source: CsiSnapshotSource;
  try {
    source = resolveCsiSnapshotSource(runtime, snapshot);
  } catch (error) {
    if (!(error instanceof SnapshotError)) throw error;
    reportFailure(runtime, snapshot, error.message);
    return;
  }
  await cutSnapshot(runtime, snapshot, source);
}

async function cutSnapshot(runtime: LabRuntime, snapshot: KubeObject, source: CsiSnapshotSource): Promise<void> {
  const { store } = runtime;
  const finalizers: string[] = snapshot.metadata.finalizers ?? [];
  const guarded = finalizers.includes(SNAPSHOT_BOUND_FINALIZER)
    ? snapshot
    : store.update(RESOURCES.csiSnapshots, { ...snapshot, metadata: { ...snapshot.metadata, finalizers: [...finalizers, SNAPSHOT_BOUND_FINALIZER] } });
  const description = `${snapshot.metadata.namespace}/${snapshot.metadata.name}`;
  recordEvent(runtime, guarded, 'Normal', 'CreatingSnapshot', `waiting for ${CSI_DRIVER} to cut snapshot ${description}`, COMPONENTS.snapshotController);

  const contentName = `snapcontent-${snapshot.metadata.uid}`;
  let content = store.find(RESOURCES.csiSnapshotContents, undefined, contentName);
  const snapshotVolume = content?.status?.readyToUse
    ? runtime.portworx.volumes.get(String(content.status.snapshotHandle))
    : await createSnapshotVolume(runtime, source.volume, `snapshot-${snapshot.metadata.uid}`, {});
  if (!snapshotVolume) throw new Error(`VolumeSnapshotContent ${contentName} refers to Portworx snapshot ${String(content?.status?.snapshotHandle)}, which does not exist`);
  const createdAt = snapshotVolume.createdAt;

  if (!content) {
    content = store.create(RESOURCES.csiSnapshotContents, {
      metadata: { name: contentName, finalizers: [CONTENT_BOUND_FINALIZER] },
      spec: {
        deletionPolicy: source.snapshotClass.deletionPolicy ?? 'Delete',
        driver: CSI_DRIVER,
        source: { volumeHandle: source.volume.id },
        volumeSnapshotClassName: source.snapshotClass.metadata.name,
        volumeSnapshotRef: {
          apiVersion: guarded.apiVersion,
          kind: 'VolumeSnapshot',
          name: guarded.metadata.name,
          namespace: guarded.metadata.namespace,
          uid: guarded.metadata.uid,
          resourceVersion: guarded.metadata.resourceVersion,
        },
      },
    });
  }
  if (content.status?.readyToUse !== true) {
    // VolumeSnapshotContent status carries creationTime in nanoseconds and restoreSize in bytes.
    const status = { creationTime: createdAt.getTime() * 1_000_000, readyToUse: true, restoreSize: snapshotVolume.sizeBytes, snapshotHandle: snapshotVolume.id };
    store.updateStatus(RESOURCES.csiSnapshotContents, { ...content, status });
  }

  const current = store.get(RESOURCES.csiSnapshots, guarded.metadata.namespace, guarded.metadata.name);
  store.updateStatus(RESOURCES.csiSnapshots, {
    ...current,
    status: {
      boundVolumeSnapshotContentName: contentName,
      creationTime: isoSeconds(createdAt),
      readyToUse: true,
      restoreSize: formatBinaryQuantity(snapshotVolume.sizeBytes),
    },
  });
  recordEvent(runtime, current, 'Normal', 'SnapshotCreated', `${CSI_DRIVER} cut snapshot ${description}`, COMPONENTS.snapshotController);
  recordEvent(runtime, current, 'Normal', 'SnapshotReady', `snapshot ${description} is ready to use`, COMPONENTS.snapshotController);
  runtime.logger.info({ controller: NAME, snapshot: description, volumeId: source.volume.id, snapshotId: snapshotVolume.id }, 'created CSI snapshot');
}

/** Sets `readyToUse: false` and `status.error` (once per distinct message) and records a Warning event. */
function reportFailure(runtime: LabRuntime, snapshot: KubeObject, message: string): void {
  if (snapshot.status?.error?.message !== message) {
    runtime.store.updateStatus(RESOURCES.csiSnapshots, {
      ...snapshot,
      status: { ...(snapshot.status ?? {}), readyToUse: false, error: { message, time: isoSeconds(runtime.now()) } },
    });
  }
  recordEvent(runtime, snapshot, 'Warning', 'SnapshotCreationFailed', message, COMPONENTS.snapshotController);
}
