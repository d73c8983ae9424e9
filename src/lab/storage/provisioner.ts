import type { KubeObject } from '../apiserver/kube-object.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';
import { bindClaim, createBoundVolume, volumeNameFor } from './persistent-volume.js';
import { addPortworxVolume, findVolumeByName, ProvisioningError } from './portworx-volumes.js';
import { planNewVolume, planRestoredVolume, type ProvisionPlan } from './provision-plan.js';
import { csiSnapshotDataSource, resolveCsiSnapshot, resolveStorkSnapshot } from './snapshot-sources.js';
import { findStorageClass, isPortworxProvisioner, storageClassNameOf } from './storage-class.js';
import { recordEvent } from './storage-events.js';
import { COMPONENTS, CSI_DRIVER, IN_TREE_PROVISIONER, RESOURCES, STORK_SNAPSHOT_PROVISIONER } from './storage-names.js';
import { combineControllers, reconcileEach, startStoreController, type StorageController } from './store-controller.js';
import { copyVolume, ensureVolumeDirectory, measureVolume } from './volume-data.js';
import { startVolumeReclaimer } from './volume-reclaimer.js';

const NAME = 'portworx-provisioner';

/**
 * Starts dynamic provisioning for Pending PVCs on Portworx StorageClasses (in-tree and CSI),
 * restores from CSI and STORK snapshots, and the reclaimer that deletes volumes of deleted claims.
 */
export function startProvisioner(runtime: LabRuntime): StorageController {
  const provisioner = startStoreController(
    runtime,
    NAME,
    [RESOURCES.claims, RESOURCES.storageClasses, RESOURCES.csiSnapshots, RESOURCES.storkSnapshots],
    async () => {
      const claims = runtime.store.list(RESOURCES.claims).items;
      await reconcileEach(runtime, NAME, claims, (claim) => reconcileClaim(runtime, claim));
    },
  );
  return combineControllers([provisioner, startVolumeReclaimer(runtime)]);
}

async function reconcileClaim(runtime: LabRuntime, claim: KubeObject): Promise<void> {
  if (claim.metadata.deletionTimestamp || claim.status?.phase !== 'Pending') return;
  if (claim.spec?.volumeName) {
    finishBinding(runtime, claim);
    return;
  }

  const className = storageClassNameOf(claim);
  if (className === undefined) return;
  const storageClass = findStorageClass(runtime, className);
  if (!storageClass) {
    recordEvent(runtime, claim, 'Warning', 'ProvisioningFailed', `storageclass.storage.k8s.io "${className}" not found`, COMPONENTS.volumeController);
    return;
  }

  const provisioner = storageClass.provisioner;
  if (provisioner !== STORK_SNAPSHOT_PROVISIONER && !isPortworxProvisioner(provisioner)) return;
  const component = componentFor(provisioner);
  if (provisioner !== IN_TREE_PROVISIONER) {
    const message = `waiting for a volume to be created by the external provisioner "${provisioner}"`;
    recordEvent(runtime, claim, 'Normal', 'ExternalProvisioning', message, COMPONENTS.volumeController);
    recordEvent(runtime, claim, 'Normal', 'Provisioning', `External provisioner is provisioning volume for claim "${claim.metadata.namespace}/${claim.metadata.name}"`, component);
  }

  try {
    const plan = planFor(runtime, claim, storageClass);
    const volume = await provisionClaim(runtime, claim, storageClass, plan);
    const using = provisioner === IN_TREE_PROVISIONER ? ` using ${IN_TREE_PROVISIONER}` : '';
    recordEvent(runtime, claim, 'Normal', 'ProvisioningSucceeded', `Successfully provisioned volume ${volume.metadata.name}${using}`, component);
  } catch (error) {
    const message = error instanceof ProvisioningError ? error.message : `failed to provision volume: ${(error as Error).message}`;
    recordEvent(runtime, claim, 'Warning', 'ProvisioningFailed', message, component);
    if (!(error instanceof ProvisioningError)) throw error;
  }
}

function planFor(runtime: LabRuntime, claim: KubeObject, storageClass: KubeObject): ProvisionPlan {
  if (storageClass.provisioner === STORK_SNAPSHOT_PROVISIONER) {
    return planRestoredVolume(runtime, claim, storageClass, resolveStorkSnapshot(runtime, claim), STORK_SNAPSHOT_PROVISIONER, 'in-tree');
  }
  const dataSource = csiSnapshotDataSource(claim);
  if (dataSource) {
    if (storageClass.provisioner !== CSI_DRIVER) {
      throw new ProvisioningError(`restoring from VolumeSnapshot ${dataSource.name} needs a StorageClass with provisioner ${CSI_DRIVER}, but ${storageClass.metadata.name} uses ${storageClass.provisioner}`);
    }
    return planRestoredVolume(runtime, claim, storageClass, resolveCsiSnapshot(runtime, claim, dataSource.name), CSI_DRIVER, 'csi');
  }
  return planNewVolume(runtime, claim, storageClass);
}

/**
 * Creates (or, after an interrupted run, reuses) the Portworx volume named like the PV, fills it
 * from the snapshot that the plan names, then creates the PV and binds the claim.
 */
async function provisionClaim(runtime: LabRuntime, claim: KubeObject, storageClass: KubeObject, plan: ProvisionPlan): Promise<KubeObject> {
  const name = volumeNameFor(claim);
  const existingPv = runtime.store.find(RESOURCES.volumes, undefined, name);
  if (existingPv) {
    bindClaim(runtime, claim, existingPv, plan.provisioner);
    return existingPv;
  }

  const volume =
    findVolumeByName(runtime, name) ??
    addPortworxVolume(runtime, {
      name,
      sizeBytes: plan.sizeBytes,
      format: plan.format,
      ioProfile: plan.ioProfile,
      ioPriority: plan.ioPriority,
      labels: { namespace: String(claim.metadata.namespace), pvc: String(claim.metadata.name) },
      replicaNodeIds: plan.replicaNodeIds,
    });
  await ensureVolumeDirectory(runtime, volume.id);
  if (plan.copyFromVolumeId !== undefined) await copyVolume(runtime, plan.copyFromVolumeId, volume.id);
  await measureVolume(runtime, volume.id);

  const persistentVolume = createBoundVolume(runtime, {
    claim,
    capacityBytes: volume.sizeBytes,
    storageClassName: String(storageClass.metadata.name),
    reclaimPolicy: storageClass.reclaimPolicy ?? 'Delete',
    provisionedBy: plan.provisioner,
    sourceKind: plan.sourceKind,
    volumeId: volume.id,
    fsType: volume.format,
    ...(plan.volumeAttributes ? { volumeAttributes: plan.volumeAttributes } : {}),
  });
  bindClaim(runtime, claim, persistentVolume, plan.provisioner);
  runtime.logger.info({ controller: NAME, namespace: claim.metadata.namespace, claim: claim.metadata.name, pv: name, volumeId: volume.id }, 'provisioned Portworx volume');
  return persistentVolume;
}

/** Completes a bind that stopped after `spec.volumeName` was written but before the status was. */
function finishBinding(runtime: LabRuntime, claim: KubeObject): void {
  const volume = runtime.store.find(RESOURCES.volumes, undefined, String(claim.spec.volumeName));
  if (!volume || volume.spec?.claimRef?.uid !== claim.metadata.uid) return;
  const provisioner = volume.metadata.annotations?.['pv.kubernetes.io/provisioned-by'] ?? '';
  bindClaim(runtime, claim, volume, provisioner);
}

function componentFor(provisioner: string): string {
  if (provisioner === CSI_DRIVER) return COMPONENTS.csiProvisioner;
  if (provisioner === STORK_SNAPSHOT_PROVISIONER) return COMPONENTS.stork;
  return COMPONENTS.volumeController;
}
