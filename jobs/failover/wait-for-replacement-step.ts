import type { V1Pod } from '@kubernetes/client-node';
import { isPxmysqlError } from '../../src/errors.js';
import { listPods } from '../../src/kube/deployment-pods.js';
import { isPodReady, isPodTerminating } from '../../src/kube/node-state.js';
import { watchUntil } from '../../src/kube/watch-until.js';
import type { Step } from '../../src/runtime/step-runner.js';
import type { FailoverRuntime } from './failover-context.js';
import type { FailoverState, PodPlacement } from './failover-data.js';
import { failoverError } from './failover-errors.js';
import { requireState } from './require-state.js';
import { formatSeconds } from './format-seconds.js';

/**
 * Waits for a pod of the Deployment, other than the old one, that is Running and Ready on another
 * node. It watches the pods with a deadline and a polling fallback. On a timeout it lists every pod
 * with its phase, readiness and node.
 */
export function waitForReplacementStep(runtime: FailoverRuntime): Step<FailoverState> {
  return {
    name: 'wait-for-replacement',
    run: async (state) => {
      const oldPod = requireState(state, 'oldPod');
      const labelSelector = requireState(state, 'labelSelector');
      const namespace = runtime.context.target.namespace;
      const { replacementDeadlineMs, pollIntervalMs, now } = runtime.settings;

      runtime.say('failover.wait.started', { seconds: formatSeconds(replacementDeadlineMs) });
      const isReplacement = (pod: V1Pod): boolean =>
        pod.metadata?.uid !== oldPod.uid &&
        !isPodTerminating(pod) &&
        pod.status?.phase === 'Running' &&
        isPodReady(pod) &&
        pod.spec?.nodeName !== undefined &&
        pod.spec.nodeName !== oldPod.nodeName;

      let newPod: PodPlacement;
      try {
        newPod = await watchUntil({
          kubeConfig: runtime.context.kubeConfig,
          path: `/api/v1/namespaces/${encodeURIComponent(namespace)}/pods`,
          query: { labelSelector },
          list: () => listPods(runtime.core, namespace, labelSelector),
          check: (pods) => {
            const found = pods.find(isReplacement);
            if (found === undefined) return undefined;
            return { name: found.metadata?.name ?? '', uid: found.metadata?.uid ?? '', nodeName: found.spec?.nodeName ?? '', ip: found.status?.podIP };
          },
          deadlineMs: replacementDeadlineMs,
          pollIntervalMs,
          description: `a Ready replacement pod of ${namespace}/${runtime.context.target.deployment}`,
          logger: runtime.context.logger,
        });
      } catch (error) {
        if (!isPxmysqlError(error) || error.code !== 'kube_wait_timeout') throw error;
        const pods = await listPods(runtime.core, namespace, labelSelector).then((list) => list.items.map(describePod).join('; ') || 'none', () => 'unknown');
        throw failoverError('failover_replacement_timeout', 'failover.failed.replacementTimeout', { seconds: formatSeconds(replacementDeadlineMs), pods }, 'permanent');
      }

      const readyAt = now();
      const deletedAt = state.deletedAt ?? readyAt;
      runtime.context.logger.info({ pod: newPod.name, node: newPod.nodeName, afterMs: readyAt - deletedAt }, 'replacement pod Ready');
      runtime.say('failover.wait.done', { pod: newPod.name, node: newPod.nodeName, seconds: formatSeconds(readyAt - deletedAt) });
      return { newPod, readyAt };
    },
  };
}

function describePod(pod: V1Pod): string {
  const phase = isPodTerminating(pod) ? 'Terminating' : (pod.status?.phase ?? 'Unknown');
  const ready = isPodReady(pod) ? 'Ready' : 'not Ready';
  return `${pod.metadata?.name ?? '?'} ${phase}, ${ready}, node ${pod.spec?.nodeName ?? 'none'}`;
}
