import type { V1Deployment, V1PersistentVolumeClaim, V1StorageClass } from '@kubernetes/client-node';
import { isNotFound, toKubeError } from '../../src/kube/kube-errors.js';
import { largerQuantity } from '../../src/kube/quantity-bytes.js';
import type { Step } from '../../src/runtime/step-runner.js';
import { inlineCode } from '../../src/slack/user-text.js';
import { requireRestoreState, restoreError, type RestoreRuntime } from './restore-context.js';
import { RESTORE_ANNOTATIONS, type RestoreState } from './restore-data.js';
import { restoreClaimName } from './restore-names.js';

/** StorageClass that STORK installs to clone a PVC from one of its snapshots. */
export const STORK_SNAPSHOT_STORAGE_CLASS = 'stork-snapshot-sc';
/** PVC annotation that names the STORK VolumeSnapshot to clone. */
export const STORK_SNAPSHOT_ANNOTATION = 'snapshot.alpha.kubernetes.io/snapshot';
/** Provisioner of Portworx CSI volumes; a PVC cloned from a CSI snapshot needs a StorageClass that uses it. */
export const PORTWORX_CSI_PROVISIONER = 'pxd.portworx.com';
const DEFAULT_CLASS_ANNOTATION = 'storageclass.kubernetes.io/is-default-class';

/** Reads the snapshot, records its API, restore size and fingerprint, and rejects one that is missing or not ready. */
export function readSnapshotStep(runtime: RestoreRuntime): Step<RestoreState> {
  return {
    name: 'read-snapshot',
    run: async () => {
      const name = runtime.request.snapshotName ?? '';
      const { namespace } = runtime.context.target;
      const record = await runtime.settings.readSnapshotRecord(runtime.context.kubeConfig, namespace, name);
      if (record === undefined) throw restoreError('restore_snapshot_not_found', 'restore.failed.snapshotNotFound', { snapshot: name, namespace });
      if (!record.ready) throw restoreError('restore_snapshot_not_ready', 'restore.failed.snapshotNotReady', { snapshot: name });

      const tables = record.fingerprint?.tables.length ?? 0;
      runtime.say(record.fingerprint === undefined ? 'restore.snapshot.noFingerprint' : 'restore.snapshot.read', {
        snapshot: inlineCode(name),
        api: record.api,
        tables,
      });
      return { source: { name, api: record.api, restoreSize: record.restoreSize, fingerprint: record.fingerprint } };
    },
  };
}

/**
 * Creates `<restoreName>-data` from the snapshot: a CSI snapshot through `spec.dataSource`, a
 * STORK snapshot through the `snapshot.alpha.kubernetes.io/snapshot` annotation on
 * `stork-snapshot-sc`. The request is the larger of the restore size and the target PVC's request.
 * A PVC of that name that this job created is reused; one that it did not create stops the job.
 */
export function createClaimStep(runtime: RestoreRuntime): Step<RestoreState> {
  return {
    name: 'create-pvc',
    run: async (state) => {
      const source = requireRestoreState(state, 'source');
      const { namespace, pvc } = runtime.context.target;
      const claimName = restoreClaimName(runtime.request.restoreName);

      const existing = await readClaim(runtime, namespace, claimName);
      if (existing !== undefined) {
        if (existing.metadata?.annotations?.[RESTORE_ANNOTATIONS.createdByJob] !== runtime.jobId) {
          throw restoreError('restore_claim_exists', 'restore.failed.claimExists', { claim: claimName, namespace });
        }
        return {
          claimName,
          claimSize: existing.spec?.resources?.requests?.storage ?? '',
          storageClassName: existing.spec?.storageClassName ?? '',
          claimCreated: false,
        };
      }

      const targetClaim = await runtime.core
        .readNamespacedPersistentVolumeClaim({ name: pvc, namespace })
        .catch((error: unknown) => Promise.reject(toKubeError(error, `PersistentVolumeClaim ${namespace}/${pvc}`)));
      const targetRequest = targetClaim.spec?.resources?.requests?.storage;
      const claimSize = largerQuantity(source.restoreSize ?? targetRequest ?? '0', targetRequest ?? '0');
      const storageClassName = source.api === 'stork' ? STORK_SNAPSHOT_STORAGE_CLASS : await csiStorageClassFor(runtime, targetClaim.spec?.storageClassName);

      const body: V1PersistentVolumeClaim = {
        metadata: {
          name: claimName,
          namespace,
          labels: { ...runtime.labels, app: runtime.request.restoreName },
          annotations: {
            [RESTORE_ANNOTATIONS.createdByJob]: runtime.jobId,
            [RESTORE_ANNOTATIONS.snapshot]: source.name,
            ...(source.api === 'stork' ? { [STORK_SNAPSHOT_ANNOTATION]: source.name } : {}),
          },
        },
        spec: {
          accessModes: targetClaim.spec?.accessModes ?? ['ReadWriteOnce'],
          resources: { requests: { storage: claimSize } },
          storageClassName,
          ...(source.api === 'csi' ? { dataSource: { apiGroup: 'snapshot.storage.k8s.io', kind: 'VolumeSnapshot', name: source.name } } : {}),
        },
      };
      await runtime.core
        .createNamespacedPersistentVolumeClaim({ namespace, body })
        .catch((error: unknown) => Promise.reject(toKubeError(error, `create PersistentVolumeClaim ${namespace}/${claimName}`)));
      runtime.context.logger.info({ claim: claimName, storageClassName, claimSize, snapshot: source.name }, 'created restore PVC');
      runtime.say('restore.claim.created', { claim: inlineCode(claimName), size: claimSize, storageClass: inlineCode(storageClassName) });
      return { claimName, claimSize, storageClassName, claimCreated: true };
    },
  };
}

/**
 * Creates the restored Deployment from a copy of the target Deployment's pod template, which keeps
 * the image, env, Secret references, ports and scheduler. The copy gets the labels
 * `app: <restoreName>` and the restored PVC in place of the target's. It runs one replica with the
 * Recreate strategy, because the volume is ReadWriteOnce.
 */
export function createDeploymentStep(runtime: RestoreRuntime): Step<RestoreState> {
  return {
    name: 'create-deployment',
    run: async (state) => {
      const claimName = requireRestoreState(state, 'claimName');
      const source = requireRestoreState(state, 'source');
      const { namespace, deployment: targetDeployment, pvc } = runtime.context.target;
      const name = runtime.request.restoreName;

      const existing = await runtime.apps.readNamespacedDeployment({ name, namespace }).catch((error: unknown) => {
        if (isNotFound(error)) return undefined;
        throw toKubeError(error, `Deployment ${namespace}/${name}`);
      });
      if (existing !== undefined) {
        if (existing.metadata?.annotations?.[RESTORE_ANNOTATIONS.createdByJob] !== runtime.jobId) {
          throw restoreError('restore_deployment_exists', 'restore.failed.deploymentExists', { deployment: name, namespace });
        }
        return { deploymentName: name, deploymentCreated: false };
      }

      const original = await runtime.apps
        .readNamespacedDeployment({ name: targetDeployment, namespace })
        .catch((error: unknown) => Promise.reject(toKubeError(error, `Deployment ${namespace}/${targetDeployment}`)));
      const body = restoredDeployment(original, {
        name,
        namespace,
        claimName,
        targetClaim: pvc,
        jobId: runtime.jobId,
        snapshot: source.name,
        ...(runtime.labels === undefined ? {} : { extraLabels: runtime.labels }),
      });
      await runtime.apps
        .createNamespacedDeployment({ namespace, body })
        .catch((error: unknown) => Promise.reject(toKubeError(error, `create Deployment ${namespace}/${name}`)));
      runtime.context.logger.info({ deployment: name, claim: claimName }, 'created restore Deployment');
      runtime.say('restore.deployment.created', { deployment: inlineCode(name), claim: inlineCode(claimName) });
      return { deploymentName: name, deploymentCreated: true };
    },
  };
}

/**
 * Builds the restored Deployment from the target's. `extraLabels` go on the Deployment and its pod
 * template but not into the selector, which stays `app: <name>`. Throws when the target's pod
 * template does not mount `targetClaim`.
 */
export function restoredDeployment(
  original: V1Deployment,
  options: { name: string; namespace: string; claimName: string; targetClaim: string; jobId: string; snapshot: string; extraLabels?: Record<string, string> },
): V1Deployment {
  const template = structuredClone(original.spec?.template ?? {});
  const podSpec = template.spec;
  const volume = podSpec?.volumes?.find((candidate) => candidate.persistentVolumeClaim?.claimName === options.targetClaim);
  if (podSpec === undefined || volume?.persistentVolumeClaim === undefined) {
    throw restoreError('restore_template_unsupported', 'restore.failed.templateWithoutClaim', {
      deployment: original.metadata?.name ?? '',
      claim: options.targetClaim,
    });
  }
  volume.persistentVolumeClaim = { claimName: options.claimName };

  const selector = { app: options.name };
  const labels = { ...options.extraLabels, ...selector };
  const annotations = { [RESTORE_ANNOTATIONS.createdByJob]: options.jobId, [RESTORE_ANNOTATIONS.snapshot]: options.snapshot };
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: options.name, namespace: options.namespace, labels, annotations },
    spec: {
      replicas: 1,
      selector: { matchLabels: selector },
      strategy: { type: 'Recreate' },
      template: { metadata: { labels, ...(template.metadata?.annotations ? { annotations: template.metadata.annotations } : {}) }, spec: podSpec },
    },
  };
}

async function readClaim(runtime: RestoreRuntime, namespace: string, name: string): Promise<V1PersistentVolumeClaim | undefined> {
  return await runtime.core.readNamespacedPersistentVolumeClaim({ name, namespace }).catch((error: unknown) => {
    if (isNotFound(error)) return undefined;
    throw toKubeError(error, `PersistentVolumeClaim ${namespace}/${name}`);
  });
}

/**
 * Picks the StorageClass for a PVC cloned from a CSI snapshot: the target PVC's own class when it
 * uses the Portworx CSI provisioner, else the default class of that provisioner, else the first
 * such class by name. Stops the job when the cluster has none.
 */
async function csiStorageClassFor(runtime: RestoreRuntime, targetClass: string | undefined): Promise<string> {
  const classes = await runtime.storage
    .listStorageClass()
    .then((list) => list.items)
    .catch((error: unknown) => Promise.reject(toKubeError(error, 'StorageClasses')));
  const csiClasses = classes.filter((storageClass: V1StorageClass) => storageClass.provisioner === PORTWORX_CSI_PROVISIONER);
  const own = csiClasses.find((storageClass) => storageClass.metadata?.name === targetClass);
  const preferred = own ?? csiClasses.find((storageClass) => storageClass.metadata?.annotations?.[DEFAULT_CLASS_ANNOTATION] === 'true');
  const sorted = csiClasses.map((storageClass) => storageClass.metadata?.name ?? '').sort();
  const chosen = preferred?.metadata?.name ?? sorted[0];
  if (chosen === undefined) throw restoreError('restore_no_csi_class', 'restore.failed.noCsiStorageClass', { provisioner: PORTWORX_CSI_PROVISIONER });
  return chosen;
}
