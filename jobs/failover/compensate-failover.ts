import type { V1Pod } from '@kubernetes/client-node';
import { describeError } from '../../src/errors.js';
import { deploymentLabelSelector, listPods } from '../../src/kube/deployment-pods.js';
import { isNotFound, toKubeError } from '../../src/kube/kube-errors.js';
import { isNodeCordoned, isPodReady, isPodTerminating } from '../../src/kube/node-state.js';
import { setNodeUnschedulable } from '../../src/kube/set-node-unschedulable.js';
import { section } from '../../src/slack/blocks/builders.js';
import { cordonAnnotation } from './cordon-annotation.js';
import { createFailoverRuntime, DEFAULT_FAILOVER_SETTINGS, type FailoverJobContext, type FailoverRuntime } from './failover-context.js';
import type { FailoverState } from './failover-data.js';

/**
 * Undoes what a failed failover did and replies with the state the cluster is in. It uncordons the
 * recorded node only when this job cordoned it (stored `cordonedByThisJob`, or this job's
 * annotation on the node when the job stopped before storing it) and it is still cordoned. Then it
 * stores a state whose `cordon-node` step is no longer complete, so a retried job cordons again
 * before it goes on. The reply names the node's cordon, whether the old pod was deleted and where
 * each pod of the Deployment runs. It logs its own errors instead of throwing, because it runs on
 * the failure path.
 */
export async function compensateFailover(context: FailoverJobContext, state: FailoverState | undefined, error: unknown): Promise<void> {
  try {
    await compensate(context, state, error);
  } catch (compensationError) {
    context.logger.error({ err: compensationError, failure: error }, 'failover compensation failed');
  }
}

async function compensate(context: FailoverJobContext, state: FailoverState | undefined, error: unknown): Promise<void> {
  const runtime = createFailoverRuntime(context, DEFAULT_FAILOVER_SETTINGS);
  const { logger } = context;
  const current: FailoverState = state ?? context.job.data.failover ?? { completedSteps: [] };
  logger.warn({ err: error, completedSteps: current.completedSteps }, 'failover failed; compensating');

  const lines = [runtime.text('failover.compensation.title')];
  const node = current.cordonedNode ?? current.oldPod?.nodeName;
  if (node === undefined) {
    lines.push(runtime.text('failover.compensation.noNode'));
  } else {
    const { line, uncordoned } = await undoCordon(runtime, current, node);
    if (line !== undefined) lines.push(line);
    if (uncordoned) await storeUncordoned(context, current);
    lines.push(await describeNode(runtime, node));
  }
  lines.push(await describeOldPod(runtime, current));
  lines.push(...(await describePods(runtime, current)));

  const text = lines.join('\n');
  runtime.reply({ text, blocks: [section(text)] });
}

async function undoCordon(runtime: FailoverRuntime, state: FailoverState, node: string): Promise<{ line: string | undefined; uncordoned: boolean }> {
  const annotation = cordonAnnotation(runtime.jobId);
  try {
    const current = await runtime.core.readNode({ name: node });
    const ours = state.cordonedByThisJob === true || current.metadata?.annotations?.[annotation.key] === annotation.value;
    if (!ours || !isNodeCordoned(current)) return { line: undefined, uncordoned: false };

    await setNodeUnschedulable(runtime.core, node, false, { annotation });
    runtime.context.logger.info({ node }, 'compensation uncordoned the node this job cordoned');
    return { line: runtime.text('failover.compensation.uncordoned', { node }), uncordoned: true };
  } catch (error) {
    runtime.context.logger.error({ err: error, node }, 'compensation could not uncordon the node');
    return { line: runtime.text('failover.compensation.uncordonFailed', { node, reason: describeError(toKubeError(error, `node ${node}`)) }), uncordoned: false };
  }
}

/** Stores that the cordon is undone, so a retried job cordons the node again before any later step. */
async function storeUncordoned(context: FailoverJobContext, state: FailoverState): Promise<void> {
  const next: FailoverState = {
    ...state,
    cordonedByThisJob: false,
    completedSteps: state.completedSteps.filter((step) => step !== 'cordon-node' && step !== 'uncordon-node'),
  };
  try {
    await context.job.updateData({ ...context.job.data, failover: next });
  } catch (error) {
    context.logger.error({ err: error }, 'compensation could not store the failover state');
  }
}

async function describeNode(runtime: FailoverRuntime, node: string): Promise<string> {
  try {
    const current = await runtime.core.readNode({ name: node });
    return runtime.text(isNodeCordoned(current) ? 'failover.compensation.nodeCordoned' : 'failover.compensation.nodeSchedulable', { node });
  } catch (error) {
    return runtime.text('failover.compensation.readFailed', { reason: describeError(toKubeError(error, `node ${node}`)) });
  }
}

async function describeOldPod(runtime: FailoverRuntime, state: FailoverState): Promise<string> {
  const oldPod = state.oldPod;
  if (oldPod === undefined) return runtime.text('failover.compensation.oldPodUnknown');
  const params = { pod: oldPod.name, uid: oldPod.uid, node: oldPod.nodeName };
  try {
    const pod = await runtime.core.readNamespacedPod({ name: oldPod.name, namespace: runtime.context.target.namespace });
    if (pod.metadata?.uid !== oldPod.uid) return runtime.text('failover.compensation.oldPodDeleted', params);
    if (isPodTerminating(pod)) return runtime.text('failover.compensation.oldPodTerminating', params);
    return runtime.text('failover.compensation.oldPodRunning', { ...params, phase: pod.status?.phase ?? 'Unknown' });
  } catch (error) {
    if (isNotFound(error)) return runtime.text('failover.compensation.oldPodDeleted', params);
    return runtime.text('failover.compensation.readFailed', { reason: describeError(toKubeError(error, `pod ${oldPod.name}`)) });
  }
}

async function describePods(runtime: FailoverRuntime, state: FailoverState): Promise<string[]> {
  const { namespace, deployment } = runtime.context.target;
  try {
    const selector = state.labelSelector ?? (await deploymentLabelSelector(runtime.apps, namespace, deployment));
    const pods = (await listPods(runtime.core, namespace, selector)).items;
    if (pods.length === 0) return [runtime.text('failover.compensation.noPods', { deployment })];
    return pods.map((pod) => describePod(runtime, pod));
  } catch (error) {
    return [runtime.text('failover.compensation.readFailed', { reason: describeError(error) })];
  }
}

function describePod(runtime: FailoverRuntime, pod: V1Pod): string {
  return runtime.text('failover.compensation.pod', {
    pod: pod.metadata?.name ?? '?',
    phase: isPodTerminating(pod) ? 'Terminating' : (pod.status?.phase ?? 'Unknown'),
    ready: runtime.text(isPodReady(pod) ? 'common.yes' : 'common.no'),
    node: pod.spec?.nodeName ?? '-',
  });
}
