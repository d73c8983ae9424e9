import type { V1PersistentVolumeClaim } from '@kubernetes/client-node';
import { MAX_SIZE_QUANTITY } from '../../commands/parse-size.js';
import { isNotFound, toKubeError } from '../../src/kube/kube-errors.js';
import { storageQuantityBytes } from '../../src/kube/binary-quantity.js';
import type { Step } from '../../src/runtime/step-runner.js';
import { outputMessages } from '../../src/slack/blocks/output-messages.js';
import { expandError, type ExpandRuntime } from './expand-context.js';
import type { ExpandState } from './expand-data.js';
import { inspectExpandedVolume } from './inspect-expanded-volume.js';

/**
 * Checks that the PVC can grow to the requested size and records its old size, StorageClass and
 * volume. It rejects a shrink, a size equal to the current request and a StorageClass without
 * `allowVolumeExpansion: true`, and posts `pxctl volume inspect` before any change. It reads only,
 * so a resumed job may run it again.
 */
export function preflightStep(runtime: ExpandRuntime): Step<ExpandState> {
  return {
    name: 'preflight',
    run: async () => {
      const startedAt = runtime.settings.now();
      const { namespace, pvc: pvcName } = runtime.context.target;
      const size = runtime.data.size;
      const claim = await runtime.core
        .readNamespacedPersistentVolumeClaim({ name: pvcName, namespace })
        .catch((error: unknown) => Promise.reject(toKubeError(error, `PVC ${namespace}/${pvcName}`)));

      const volumeName = claim.spec?.volumeName;
      const phase = claim.status?.phase ?? 'Unknown';
      if (volumeName === undefined || volumeName === '' || phase !== 'Bound') {
        throw expandError('expand_pvc_not_bound', 'expand.refused.notBound', { pvc: pvcName, phase });
      }
      const oldRequest = claim.spec?.resources?.requests?.storage ?? '';
      const oldCapacity = claim.status?.capacity?.storage;
      requireGrowth(pvcName, oldRequest, oldCapacity, size);
      const storageClass = await requireExpandableClass(runtime, claim);

      const inspection = await inspectExpandedVolume(runtime, volumeName);
      runtime.context.logger.info({ pvc: pvcName, oldRequest, oldCapacity, size, storageClass, volume: volumeName }, 'expansion preflight passed');
      runtime.say('expand.preflight.passed', { pvc: pvcName, from: oldRequest, capacity: oldCapacity ?? '?', storageClass, volume: volumeName, to: size });
      for (const message of outputMessages(runtime.text('expand.preflight.inspectHeading'), inspection.text)) runtime.reply(message);

      return {
        startedAt,
        oldRequest,
        ...(oldCapacity === undefined ? {} : { oldCapacity }),
        storageClass,
        volumeName,
        volumeSizeBytesBefore: inspection.summary.sizeBytes,
      };
    },
  };
}

/** Rejects a size that is not larger than the PVC's current request, naming both sizes. */
function requireGrowth(pvc: string, oldRequest: string, oldCapacity: string | undefined, size: string): void {
  const currentBytes = storageQuantityBytes(oldRequest);
  const requestedBytes = storageQuantityBytes(size);
  if (currentBytes === undefined) throw expandError('expand_pvc_request_invalid', 'expand.refused.invalidRequest', { pvc, current: oldRequest || '(none)' });
  if (requestedBytes === undefined) throw expandError('expand_size_invalid', 'expand.invalidSize', { input: size, max: MAX_SIZE_QUANTITY });

  const sizes = { pvc, current: oldRequest, requested: size };
  if (requestedBytes < currentBytes) throw expandError('expand_shrink', 'expand.refused.shrink', sizes);
  if (requestedBytes > currentBytes) return;

  const capacityBytes = storageQuantityBytes(oldCapacity);
  if (capacityBytes !== undefined && capacityBytes < currentBytes) {
    throw expandError('expand_in_progress', 'expand.refused.inProgress', { ...sizes, capacity: oldCapacity ?? '?' });
  }
  throw expandError('expand_no_change', 'expand.refused.noChange', sizes);
}

/** Returns the PVC's StorageClass name after checking that the class sets `allowVolumeExpansion: true`. */
async function requireExpandableClass(runtime: ExpandRuntime, claim: V1PersistentVolumeClaim): Promise<string> {
  const pvc = runtime.context.target.pvc;
  const storageClass = claim.spec?.storageClassName ?? claim.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'];
  if (storageClass === undefined || storageClass === '') throw expandError('expand_no_storage_class', 'expand.refused.noStorageClass', { pvc });

  const found = await runtime.storage.readStorageClass({ name: storageClass }).catch((error: unknown) => {
    if (isNotFound(error)) return undefined;
    throw toKubeError(error, `StorageClass ${storageClass}`);
  });
  if (found === undefined) throw expandError('expand_storage_class_not_found', 'expand.refused.storageClassNotFound', { pvc, storageClass });
  if (found.allowVolumeExpansion !== true) throw expandError('expand_not_allowed', 'expand.refused.expansionNotAllowed', { pvc, storageClass });
  return storageClass;
}
