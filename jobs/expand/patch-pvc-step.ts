import { isPxmysqlError } from '../../src/errors.js';
import { toKubeError } from '../../src/kube/kube-errors.js';
import { patchPvcStorageRequest } from '../../src/kube/patch-pvc-storage.js';
import { storageQuantityBytes } from '../../src/kube/binary-quantity.js';
import type { Step } from '../../src/runtime/step-runner.js';
import { expandError, requireExpandState, type ExpandRuntime } from './expand-context.js';
import type { ExpandState } from './expand-data.js';

/**
 * Sets the PVC's storage request to the new size with a merge patch. It reads the PVC first and
 * sends no patch when the request is already at least the new size, which is the case when a
 * worker stopped after the patch and before storing this step.
 */
export function patchPvcStep(runtime: ExpandRuntime): Step<ExpandState> {
  return {
    name: 'patch-pvc',
    run: async (state) => {
      const oldRequest = requireExpandState(state, 'oldRequest');
      const { namespace, pvc } = runtime.context.target;
      const size = runtime.data.size;
      const claim = await runtime.core
        .readNamespacedPersistentVolumeClaim({ name: pvc, namespace })
        .catch((error: unknown) => Promise.reject(toKubeError(error, `PVC ${namespace}/${pvc}`)));

      const current = claim.spec?.resources?.requests?.storage ?? '';
      const currentBytes = storageQuantityBytes(current) ?? 0;
      const sizeBytes = storageQuantityBytes(size) ?? Number.POSITIVE_INFINITY;
      if (currentBytes >= sizeBytes) {
        runtime.context.logger.info({ pvc, current, size }, 'PVC already requests the new size; no patch sent');
        runtime.say('expand.patch.already', { pvc, current });
        return { patchedByThisJob: false, requestedAt: runtime.settings.now() };
      }

      await patchPvcStorageRequest(runtime.core, namespace, pvc, size).catch((error: unknown) => {
        if (!isPxmysqlError(error) || error.code !== 'kube_patch_rejected') throw error;
        throw expandError('expand_patch_rejected', 'expand.refused.patchRejected', { pvc, size, reason: String(error.messageParams.reason ?? error.message) });
      });
      runtime.context.logger.info({ pvc, from: current, to: size }, 'patched the PVC storage request');
      runtime.say('expand.patch.done', { pvc, from: current || oldRequest, to: size });
      return { patchedByThisJob: true, requestedAt: runtime.settings.now() };
    },
  };
}
