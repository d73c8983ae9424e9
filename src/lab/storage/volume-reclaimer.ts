import type { KubeObject } from '../apiserver/kube-object.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';
import { portworxVolumeIdOf } from './persistent-volume.js';
import { recordEvent } from './storage-events.js';
import { COMPONENTS, PV_PROTECTION_FINALIZER, PVC_PROTECTION_FINALIZER, RESOURCES } from './storage-names.js';
import { reconcileEach, startStoreController, type StorageController } from './store-controller.js';
import { removeVolume } from './volume-data.js';

const NAME = 'portworx-reclaimer';

/**
 * Starts the controller that finishes claim and volume deletion, like Kubernetes' pvc-protection,
 * pv-protection and PV controllers together. A deleted claim keeps its finalizer while a pod that
 * has not finished uses it. A PV whose claim is gone is deleted with its Portworx volume (policy
 * Delete) once no pod has the volume attached, or marked Released (policy Retain).
 */
export function startVolumeReclaimer(runtime: LabRuntime): StorageController {
  return startStoreController(runtime, NAME, [RESOURCES.claims, RESOURCES.volumes, RESOURCES.pods], async () => {
    const claims = runtime.store.list(RESOURCES.claims).items.filter((claim) => claim.metadata.deletionTimestamp);
    await reconcileEach(runtime, NAME, claims, (claim) => releaseDeletedClaim(runtime, claim));
    const volumes = runtime.store.list(RESOURCES.volumes).items;
    await reconcileEach(runtime, NAME, volumes, (volume) => reclaimVolume(runtime, volume));
  });
}

function releaseDeletedClaim(runtime: LabRuntime, claim: KubeObject): void {
  const finalizers: string[] = claim.metadata.finalizers ?? [];
  if (!finalizers.includes(PVC_PROTECTION_FINALIZER)) return;
  if (podsUsingClaim(runtime, claim).length > 0) return;
  runtime.store.update(RESOURCES.claims, {
    ...claim,
    metadata: { ...claim.metadata, finalizers: finalizers.filter((finalizer) => finalizer !== PVC_PROTECTION_FINALIZER) },
  });
}

async function reclaimVolume(runtime: LabRuntime, volume: KubeObject): Promise<void> {
  const claimGone = isClaimGone(runtime, volume);
  if (volume.metadata.deletionTimestamp && (claimGone || volume.status?.phase !== 'Bound')) {
    removeProtection(runtime, volume);
    return;
  }
  if (!claimGone || !volume.spec?.claimRef) return;

  if (volume.spec.persistentVolumeReclaimPolicy !== 'Delete') {
    if (volume.status?.phase !== 'Released') runtime.store.updateStatus(RESOURCES.volumes, { ...volume, status: { ...volume.status, phase: 'Released' } });
    return;
  }

  const volumeId = portworxVolumeIdOf(volume);
  const portworxVolume = volumeId === undefined ? undefined : runtime.portworx.volumes.get(volumeId);
  if (volumeId !== undefined && portworxVolume) {
    if (portworxVolume.attachedNodeName !== undefined) {
      const message = `Portworx volume ${portworxVolume.name} is still attached on node ${portworxVolume.attachedNodeName}; it is deleted once its pods are gone and it is detached`;
      recordEvent(runtime, volume, 'Warning', 'VolumeFailedDelete', message, COMPONENTS.volumeController);
      return;
    }
    await removeVolume(runtime, volumeId);
    runtime.logger.info({ controller: NAME, pv: volume.metadata.name, volumeId }, 'deleted Portworx volume of a deleted claim');
  }

  const { removed, object } = runtime.store.delete(RESOURCES.volumes, undefined, volume.metadata.name);
  if (!removed) removeProtection(runtime, object);
}

function removeProtection(runtime: LabRuntime, volume: KubeObject): void {
  const finalizers: string[] = volume.metadata.finalizers ?? [];
  if (!finalizers.includes(PV_PROTECTION_FINALIZER)) return;
  runtime.store.update(RESOURCES.volumes, {
    ...volume,
    metadata: { ...volume.metadata, finalizers: finalizers.filter((finalizer) => finalizer !== PV_PROTECTION_FINALIZER) },
  });
}

/** True when the PV's claimRef names a claim that no longer exists (a claim with another uid is a new claim). */
function isClaimGone(runtime: LabRuntime, volume: KubeObject): boolean {
  const claimRef = volume.spec?.claimRef;
  if (!claimRef?.name || !claimRef.namespace) return false;
  const claim = runtime.store.find(RESOURCES.claims, String(claimRef.namespace), String(claimRef.name));
  return !claim || (claimRef.uid !== undefined && claim.metadata.uid !== claimRef.uid);
}

/** Returns the pods in the claim's namespace that mount it and have not finished. */
export function podsUsingClaim(runtime: LabRuntime, claim: KubeObject): KubeObject[] {
  return runtime.store.list(RESOURCES.pods, { namespace: claim.metadata.namespace }).items.filter((pod) => {
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return false;
    return (pod.spec?.volumes ?? []).some((volume: KubeObject) => volume.persistentVolumeClaim?.claimName === claim.metadata.name);
  });
}
