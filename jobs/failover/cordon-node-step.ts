import { setNodeUnschedulable } from '../../src/kube/set-node-unschedulable.js';
import type { Step } from '../../src/runtime/step-runner.js';
import type { FailoverRuntime } from './failover-context.js';
import type { FailoverState } from './failover-data.js';
import { cordonAnnotation } from './cordon-annotation.js';
import { requireState } from './require-state.js';

/**
 * Cordons the old node so the replacement pod lands elsewhere. A node that is NotReady is cordoned
 * too, so it takes no pods when it comes back. `cordonedByThisJob` is true only when this job
 * cordoned the node, including on a resume that finds its own annotation on the node.
 */
export function cordonNodeStep(runtime: FailoverRuntime): Step<FailoverState> {
  return {
    name: 'cordon-node',
    run: async (state) => {
      const node = requireState(state, 'oldPod').nodeName;
      const annotation = cordonAnnotation(runtime.jobId);
      const result = await setNodeUnschedulable(runtime.core, node, true, { annotation });
      const cordonedByThisJob = result.changed || result.previousAnnotation === annotation.value;

      runtime.context.logger.info({ node, changed: result.changed, cordonedByThisJob }, 'cordon step done');
      runtime.say(cordonedByThisJob ? 'failover.cordon.done' : 'failover.cordon.already', { node });
      return { cordonedNode: node, cordonedByThisJob };
    },
  };
}
