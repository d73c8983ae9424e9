import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../apiserver/kube-object.js';
import { isoSeconds } from '../apiserver/object-store.js';
import type { PortworxVolume } from '../portworx/cluster-state.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';
import { portworxVolumeIdOf } from './persistent-volume.js';
import { createSnapshotVolume } from './snapshot-volumes.js';
import { recordEvent } from './storage-events.js';
import { COMPONENTS, RESOURCES } from './storage-names.js';
import { reconcileEach, startStoreController, type StorageController } from './store-controller.js';
import { removeVolume } from './volume-data.js';

const NAME = 'stork-snapshotter';
const READY_MESSAGE = 'Snapshot created successfully and it is ready';

/**
 * Starts STORK's snapshot controller for `volumesnapshot.external-storage.k8s.io/v1`: a
 * VolumeSnapshot of a bound claim gets a Portworx snapshot volume (a point-in-time copy), a
 * VolumeSnapshotData that refers to it, `spec.snapshotDataName` and a Ready condition. When the
 * VolumeSnapshot is deleted, its VolumeSnapshotData and the Portworx snapshot are deleted too.
 */
export function startStorkSnapshotter(runtime: LabRuntime): StorageController {
  return startStoreController(runtime, NAME, [RESOURCES.storkSnapshots, RESOURCES.storkSnapshotData, RESOURCES.claims], async () => {
    const snapshots = runtime.store.list(RESOURCES.storkSnapshots).items;
    await reconcileEach(runtime, NAME, snapshots, (snapshot) => reconcileSnapshot(runtime, snapshot));
    const snapshotData = runtime.store.list(RESOURCES.storkSnapshotData).items;
    await reconcileEach(runtime, NAME, snapshotData, (data) => deleteOrphanedData(runtime, data));
  });
}

/** Returns the name STORK writes to `VolumeSnapshotData.spec.volumeSnapshotRef.name`: `<namespace>/<name>-<uid>`. */
function snapshotReference(snapshot: KubeObject): string {
  return `${snapshot.metadata.namespace}/${snapshot.metadata.name}-${snapshot.metadata.uid}`;
}

async function reconcileSnapshot(runtime: LabRuntime, snapshot: KubeObject): Promise<void> {
  const conditions: KubeObject[] = snapshot.status?.conditions ?? [];
  if (snapshot.spec?.snapshotDataName && conditions.some((condition) => condition.type === 'Ready' && condition.status === 'True')) return;

  const source = resolveSource(runtime, snapshot);
  if (typeof source === 'string') {
    reportError(runtime, snapshot, source);
    return;
  }

  const reference = snapshotReference(snapshot);
  const now = runtime.now();
  const readyCondition = { lastTransitionTime: isoSeconds(now), message: READY_MESSAGE, reason: '', status: 'True', type: 'Ready' };
  let data = runtime.store.list(RESOURCES.storkSnapshotData).items.find((candidate) => candidate.spec?.volumeSnapshotRef?.name === reference);
  if (!data) {
    const snapshotVolume = await createSnapshotVolume(runtime, source.volume, `snapshot-${snapshot.metadata.uid}`, {});
    data = runtime.store.create(RESOURCES.storkSnapshotData, {
      metadata: { name: `k8s-volume-snapshot-${randomUUID()}` },
      spec: {
        persistentVolumeRef: { kind: 'PersistentVolume', name: source.persistentVolumeName },
        portworxVolume: { snapshotId: snapshotVolume.id, snapshotType: 'local' },
        volumeSnapshotRef: { kind: 'VolumeSnapshot', name: reference },
      },
      status: { conditions: [readyCondition], creationTimestamp: null },
    });
  }

  runtime.store.update(RESOURCES.storkSnapshots, {
    ...snapshot,
    metadata: {
      ...snapshot.metadata,
      labels: {
        ...(snapshot.metadata.labels ?? {}),
        'SnapshotMetadata-PVName': source.persistentVolumeName,
        'SnapshotMetadata-Timestamp': String(BigInt(now.getTime()) * 1_000_000n),
      },
    },
    spec: { ...snapshot.spec, snapshotDataName: data.metadata.name },
    status: { conditions: [readyCondition], creationTimestamp: null },
  });
  const description = `${snapshot.metadata.namespace}/${snapshot.metadata.name}`;
  recordEvent(runtime, snapshot, 'Normal', 'SnapshotCreated', `snapshot ${description} is ready as VolumeSnapshotData ${data.metadata.name}`, COMPONENTS.stork);
  runtime.logger.info({ controller: NAME, snapshot: description, snapshotData: data.metadata.name }, 'created STORK snapshot');
}

/** Returns the source volume of the snapshot, or a message that says why it cannot be cut yet. */
function resolveSource(runtime: LabRuntime, snapshot: KubeObject): { volume: PortworxVolume; persistentVolumeName: string } | string {
  const namespace = String(snapshot.metadata.namespace);
  const claimName = snapshot.spec?.persistentVolumeClaimName;
  if (!claimName) return 'spec.persistentVolumeClaimName is required';
  const claim = runtime.store.find(RESOURCES.claims, namespace, String(claimName));
  if (!claim) return `PersistentVolumeClaim ${namespace}/${claimName} not found`;
  if (claim.status?.phase !== 'Bound' || !claim.spec?.volumeName) return `PersistentVolumeClaim ${namespace}/${claimName} is not bound yet`;
  const persistentVolumeName = String(claim.spec.volumeName);
  const persistentVolume = runtime.store.find(RESOURCES.volumes, undefined, persistentVolumeName);
  const volumeId = persistentVolume ? portworxVolumeIdOf(persistentVolume) : undefined;
  const volume = volumeId === undefined ? undefined : runtime.portworx.volumes.get(volumeId);
  if (!volume) return `PersistentVolume ${persistentVolumeName} is not a Portworx volume, so STORK cannot snapshot it`;
  return { volume, persistentVolumeName };
}

/** Sets an Error condition (once per distinct message) and records a Warning event. */
function reportError(runtime: LabRuntime, snapshot: KubeObject, message: string): void {
  const conditions: KubeObject[] = snapshot.status?.conditions ?? [];
  if (!conditions.some((condition) => condition.type === 'Error' && condition.message === message)) {
    const errorCondition = { lastTransitionTime: isoSeconds(runtime.now()), message, reason: '', status: 'True', type: 'Error' };
    runtime.store.update(RESOURCES.storkSnapshots, { ...snapshot, status: { conditions: [errorCondition], creationTimestamp: null } });
  }
  recordEvent(runtime, snapshot, 'Warning', 'SnapshotFailed', message, COMPONENTS.stork);
}

/** Deletes a VolumeSnapshotData and its Portworx snapshot once its VolumeSnapshot is gone. */
async function deleteOrphanedData(runtime: LabRuntime, data: KubeObject): Promise<void> {
  const reference = data.spec?.volumeSnapshotRef?.name;
  if (!reference) return;
  const snapshots = runtime.store.list(RESOURCES.storkSnapshots).items;
  if (snapshots.some((snapshot) => snapshotReference(snapshot) === reference)) return;

  const snapshotId = data.spec?.portworxVolume?.snapshotId;
  if (snapshotId !== undefined && runtime.portworx.volumes.get(String(snapshotId))?.snapshot) await removeVolume(runtime, String(snapshotId));
  runtime.store.delete(RESOURCES.storkSnapshotData, undefined, data.metadata.name);
  runtime.logger.info({ controller: NAME, snapshotData: data.metadata.name, snapshotId }, 'deleted STORK snapshot of a deleted VolumeSnapshot');
}
