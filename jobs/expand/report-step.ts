import { toKubeError } from '../../src/kube/kube-errors.js';
import { formatBinaryQuantity, storageQuantityBytes } from '../../src/kube/binary-quantity.js';
import type { Step } from '../../src/runtime/step-runner.js';
import { outputMessages } from '../../src/slack/blocks/output-messages.js';
import { requireExpandState, type ExpandRuntime } from './expand-context.js';
import type { ExpandState } from './expand-data.js';
import { expandSummary } from './expand-report.js';
import { inspectExpandedVolume } from './inspect-expanded-volume.js';

/**
 * Reads the PVC, the PV and the Portworx volume after the resize, and replies with the summary
 * and `pxctl volume inspect`. Run again after a crash, it posts the summary again, which is the
 * only repeat a resume can cause.
 */
export function reportStep(runtime: ExpandRuntime): Step<ExpandState> {
  return {
    name: 'report',
    run: async (state) => {
      const volumeName = requireExpandState(state, 'volumeName');
      const { namespace, pvc } = runtime.context.target;
      const [claim, volume, inspection] = await Promise.all([
        runtime.core.readNamespacedPersistentVolumeClaim({ name: pvc, namespace }).catch((error: unknown) => Promise.reject(toKubeError(error, `PVC ${namespace}/${pvc}`))),
        runtime.core.readPersistentVolume({ name: volumeName }).catch((error: unknown) => Promise.reject(toKubeError(error, `PV ${volumeName}`))),
        inspectExpandedVolume(runtime, volumeName),
      ]);

      const sizes = {
        pvcRequest: claim.spec?.resources?.requests?.storage,
        pvcCapacity: claim.status?.capacity?.storage,
        pvCapacity: volume.spec?.capacity?.storage,
        volumeSizeBytes: inspection.summary.sizeBytes,
      };
      runtime.context.logger.info({ pvc, volume: volumeName, ...sizes }, 'expansion done');
      runtime.reply(expandSummary(runtime.data.locale, runtime.context.target.name, pvc, state, sizes, runtime.data.size));

      const requestBytes = storageQuantityBytes(runtime.data.size) ?? 0;
      if (inspection.summary.sizeBytes < requestBytes) {
        runtime.say('expand.report.volumeSmaller', { volume: volumeName, size: formatBinaryQuantity(inspection.summary.sizeBytes), request: runtime.data.size });
      }
      for (const message of outputMessages(runtime.text('expand.report.inspectHeading'), inspection.text)) runtime.reply(message);

      // Deliver before the step is stored as done, or a worker killed right after loses the summary for good.
      await runtime.context.reporter.flush();
      return {};
    },
  };
}
