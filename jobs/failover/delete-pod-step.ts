import { ApiException } from '@kubernetes/client-node';
import { toKubeError } from '../../src/kube/kube-errors.js';
import { isNodeReady } from '../../src/kube/node-state.js';
import type { Step } from '../../src/runtime/step-runner.js';
import type { FailoverRuntime } from './failover-context.js';
import type { FailoverState } from './failover-data.js';
import { requireState } from './require-state.js';

/**
 * Deletes the old pod with a UID precondition, so that a pod that replaced it under the same name
 * is never deleted. A 404 or a 409 (another UID) means the old pod is already gone. A forced
 * failover deletes with a grace period of 0 while the pod's node is down, which removes the pod
 * object at once.
 */
async function nodeIsReady(runtime: FailoverRuntime, name: string): Promise<boolean> {
  const node = await runtime.core.readNode({ name }).catch((error: unknown) => {
    if (error instanceof ApiException && error.code === 404) return undefined;
    throw toKubeError(error, `node ${name}`);
  });
  return node !== undefined && isNodeReady(node);
}

export function deletePodStep(runtime: FailoverRuntime): Step<FailoverState> {
  return {
    name: 'delete-pod',
    run: async (state) => {
      const oldPod = requireState(state, 'oldPod');
      const namespace = runtime.context.target.namespace;
      // Grace period 0 only while the old node is still down: a node that came back runs the pod's
      // server again, and removing the pod object at once would let two servers write one volume.
      const force = runtime.data.force && !(await nodeIsReady(runtime, oldPod.nodeName));

      let alreadyGone = false;
      try {
        await runtime.core.deleteNamespacedPod({
          name: oldPod.name,
          namespace,
          body: { preconditions: { uid: oldPod.uid }, ...(force ? { gracePeriodSeconds: 0 } : {}) },
          ...(force ? { gracePeriodSeconds: 0 } : {}),
        });
      } catch (error) {
        if (!(error instanceof ApiException && (error.code === 404 || error.code === 409))) throw toKubeError(error, `delete pod ${namespace}/${oldPod.name}`);
        alreadyGone = true;
      }

      const deletedAt = runtime.settings.now();
      runtime.context.logger.info({ pod: oldPod.name, uid: oldPod.uid, force, alreadyGone }, 'delete-pod step done');
      let key = force ? 'failover.delete.forced' : 'failover.delete.done';
      if (alreadyGone) key = 'failover.delete.gone';
      runtime.say(key, { pod: oldPod.name, uid: oldPod.uid, node: oldPod.nodeName });
      return { deletedAt, podAlreadyGone: alreadyGone };
    },
  };
}
