import type { KubeObject } from '../apiserver/kube-object.js';
import { isoSeconds } from '../apiserver/object-store.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';
import { portworxVolumeIdOf } from './persistent-volume.js';
import { roundUpToGib } from './portworx-volumes.js';
import { findStorageClass, storageClassNameOf } from './storage-class.js';
import { recordEvent } from './storage-events.js';
import { COMPONENTS, RESOURCES } from './storage-names.js';
import { formatBinaryQuantity, quantityBytes } from './storage-quantity.js';
import { reconcileEach, startStoreController, type StorageController } from './store-controller.js';

const NAME = 'portworx-volume-expander';
/** PVC condition types that a resize sets while it is in progress. */
const RESIZE_CONDITIONS = new Set(['Resizing', 'FileSystemResizePending']);

/**
 * Starts volume expansion: when a bound claim requests more storage than its `status.capacity`
 * and its StorageClass allows expansion, the Portworx volume grows to the request (whole GiB).
 * It takes two runs so that clients can see the resize in progress: the first sets the PV
 * capacity and a `Resizing` condition on the claim, the second sets `status.capacity` and clears
 * the condition. Portworx grows the file system online, so `FileSystemResizePending` never appears.
 * The Portworx volume is never shrunk, also when `pxctl volume update` grew it beyond the request.
 */
export function startVolumeExpander(runtime: LabRuntime): StorageController {
  return startStoreController(runtime, NAME, [RESOURCES.claims, RESOURCES.volumes, RESOURCES.storageClasses], async () => {
    const claims = runtime.store.list(RESOURCES.claims).items.filter((claim) => claim.status?.phase === 'Bound' && !claim.metadata.deletionTimestamp);
    await reconcileEach(runtime, NAME, claims, (claim) => reconcileClaim(runtime, claim));
  });
}

function reconcileClaim(runtime: LabRuntime, claim: KubeObject): void {
  const requested = quantityBytes(claim.spec?.resources?.requests?.storage);
  const capacity = quantityBytes(claim.status?.capacity?.storage);
  if (requested === undefined || capacity === undefined || requested <= capacity) return;
  const volume = claim.spec?.volumeName ? runtime.store.find(RESOURCES.volumes, undefined, String(claim.spec.volumeName)) : undefined;
  if (!volume) return;

  const storageClass = findStorageClass(runtime, storageClassNameOf(claim));
  if (storageClass?.allowVolumeExpansion !== true) {
    // NOTE: a real apiserver rejects this PVC update with 422 in its admission; the lab apiserver
    // accepts it, so the expander reports the failure instead.
    const message = `cannot resize volume ${volume.metadata.name}: StorageClass ${storageClassNameOf(claim) ?? '(none)'} does not set allowVolumeExpansion: true`;
    recordEvent(runtime, claim, 'Warning', 'VolumeResizeFailed', message, COMPONENTS.expander);
    return;
  }

  const volumeCapacity = quantityBytes(volume.spec?.capacity?.storage) ?? 0;
  if (volumeCapacity < requested) startResize(runtime, claim, volume, requested);
  else finishResize(runtime, claim, volume);
}

/** First step: grow the Portworx volume and the PV, and mark the claim as resizing. */
function startResize(runtime: LabRuntime, claim: KubeObject, volume: KubeObject, requested: number): void {
  const volumeId = portworxVolumeIdOf(volume);
  const portworxVolume = volumeId === undefined ? undefined : runtime.portworx.volumes.get(volumeId);
  if (!portworxVolume) {
    const message = `cannot resize volume ${volume.metadata.name}: Portworx volume ${String(volumeId)} not found`;
    recordEvent(runtime, claim, 'Warning', 'VolumeResizeFailed', message, COMPONENTS.expander);
    return;
  }

  const newSize = roundUpToGib(requested);
  const oldCapacity = String(volume.spec.capacity?.storage ?? '');
  portworxVolume.sizeBytes = Math.max(portworxVolume.sizeBytes, newSize);
  runtime.store.update(RESOURCES.volumes, { ...volume, spec: { ...volume.spec, capacity: { ...volume.spec.capacity, storage: formatBinaryQuantity(newSize) } } });

  const conditions = (claim.status.conditions ?? []).filter((condition: KubeObject) => !RESIZE_CONDITIONS.has(condition.type));
  conditions.push({ type: 'Resizing', status: 'True', lastProbeTime: null, lastTransitionTime: isoSeconds(runtime.now()) });
  runtime.store.updateStatus(RESOURCES.claims, {
    ...claim,
    status: { ...claim.status, conditions, allocatedResources: { storage: String(claim.spec.resources.requests.storage) } },
  });
  const message = `resizing volume ${volume.metadata.name} from ${oldCapacity} to ${formatBinaryQuantity(newSize)}`;
  recordEvent(runtime, claim, 'Normal', 'Resizing', message, COMPONENTS.expander);
  runtime.logger.info({ controller: NAME, claim: claim.metadata.name, namespace: claim.metadata.namespace, volumeId, sizeBytes: portworxVolume.sizeBytes }, 'resized Portworx volume');
}

/** Second step: the claim takes the PV's capacity and loses its resize conditions. */
function finishResize(runtime: LabRuntime, claim: KubeObject, volume: KubeObject): void {
  const conditions = (claim.status.conditions ?? []).filter((condition: KubeObject) => !RESIZE_CONDITIONS.has(condition.type));
  const status: KubeObject = { ...claim.status, capacity: { ...claim.status.capacity, storage: volume.spec.capacity.storage } };
  if (conditions.length > 0) status.conditions = conditions;
  else delete status.conditions;
  runtime.store.updateStatus(RESOURCES.claims, { ...claim, status });
  const message = `resized volume ${volume.metadata.name} to ${String(volume.spec.capacity.storage)}`;
  recordEvent(runtime, claim, 'Normal', 'VolumeResizeSuccessful', message, COMPONENTS.expander);
}
