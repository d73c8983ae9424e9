import { setNodeUnschedulable } from '../../src/kube/set-node-unschedulable.js';
import type { Step } from '../../src/runtime/step-runner.js';
import type { FailoverRuntime } from './failover-context.js';
import type { FailoverState } from './failover-data.js';
import { cordonAnnotation } from './cordon-annotation.js';

/**
 * Uncordons the old node when this job cordoned it, unless `keepCordoned` is set. A node
 * that was cordoned before the job stays cordoned.
 */
export function uncordonNodeStep(runtime: FailoverRuntime): Step<FailoverState> {
  return {
    name: 'uncordon-node',
    run: async (state) => {
      const node = state.cordonedNode;
      if (node === undefined) return { uncordoned: false };
      if (!state.cordonedByThisJob) {
        runtime.say('failover.uncordon.notOurs', { node });
        return { uncordoned: false };
      }
      if (runtime.data.keepCordoned) {
        runtime.say('failover.uncordon.kept', { node });
        return { uncordoned: false };
      }

      await setNodeUnschedulable(runtime.core, node, false, { annotation: cordonAnnotation(runtime.jobId) });
      runtime.context.logger.info({ node }, 'uncordoned the old node');
      runtime.say('failover.uncordon.done', { node });
      return { uncordoned: true };
    },
  };
}
