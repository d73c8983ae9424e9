import type { V1ObjectMeta } from '@kubernetes/client-node';
import { isNotFound, toKubeError } from '../../src/kube/kube-errors.js';
import type { Step } from '../../src/runtime/step-runner.js';
import { inlineCode } from '../../src/slack/user-text.js';
import { RESTORE_ANNOTATIONS } from '../restore/restore-data.js';
import { restoreClaimName } from '../restore/restore-names.js';
import { drillError, type DrillRuntime } from './drill-context.js';
import type { DrillState } from './drill-data.js';

/** Objects that a teardown deleted, each as `Kind name`. */
export interface TeardownResult {
  deleted: string[];
}

/**
 * Deletes everything the drill created, in the order that keeps controllers from recreating it:
 * the scratch Deployment, then its ReplicaSets and pods (found by the drill label), then, once no
 * pod uses it, the scratch PVC. It deletes a Deployment or PVC only when it carries this job's id,
 * and waits until the Deployment, ReplicaSets, pods and PVC are all gone. Objects already gone are
 * skipped, so it can run again after a crash or from the compensation. Throws
 * `drill_teardown_timeout` with what is left when the deadline passes.
 */
export async function tearDownDrill(runtime: DrillRuntime): Promise<TeardownResult> {
  const { namespace } = runtime.context.target;
  const name = runtime.drillName;
  const claim = restoreClaimName(name);
  const deleted: string[] = [];

  const deployment = await readOrUndefined(() => runtime.apps.readNamespacedDeployment({ name, namespace }), `Deployment ${namespace}/${name}`);
  if (deployment !== undefined && isOurs(runtime, deployment.metadata)) {
    await deleteOrIgnore(() => runtime.apps.deleteNamespacedDeployment({ name, namespace, propagationPolicy: 'Background' }), `delete Deployment ${namespace}/${name}`);
    deleted.push(`Deployment ${name}`);
  }

  const replicaSets = await runtime.apps
    .listNamespacedReplicaSet({ namespace, labelSelector: runtime.drillSelector })
    .catch((error: unknown) => Promise.reject(toKubeError(error, `ReplicaSets matching ${runtime.drillSelector} in ${namespace}`)));
  for (const replicaSet of replicaSets.items) {
    const replicaSetName = replicaSet.metadata?.name ?? '';
    await deleteOrIgnore(() => runtime.apps.deleteNamespacedReplicaSet({ name: replicaSetName, namespace, propagationPolicy: 'Background' }), `delete ReplicaSet ${namespace}/${replicaSetName}`);
    deleted.push(`ReplicaSet ${replicaSetName}`);
  }

  const pods = await listDrillPods(runtime);
  for (const pod of pods) {
    if (pod.metadata?.deletionTimestamp !== undefined) continue;
    const podName = pod.metadata?.name ?? '';
    await deleteOrIgnore(() => runtime.core.deleteNamespacedPod({ name: podName, namespace }), `delete pod ${namespace}/${podName}`);
    deleted.push(`pod ${podName}`);
  }
  await waitUntilGone(runtime, async () => (await listDrillPods(runtime)).map((pod) => `pod ${pod.metadata?.name ?? '?'}`));

  const pvc = await readOrUndefined(() => runtime.core.readNamespacedPersistentVolumeClaim({ name: claim, namespace }), `PersistentVolumeClaim ${namespace}/${claim}`);
  if (pvc !== undefined && isOurs(runtime, pvc.metadata) && pvc.metadata?.deletionTimestamp === undefined) {
    await deleteOrIgnore(() => runtime.core.deleteNamespacedPersistentVolumeClaim({ name: claim, namespace }), `delete PersistentVolumeClaim ${namespace}/${claim}`);
    deleted.push(`PVC ${claim}`);
  }
  await waitUntilGone(runtime, () => leftovers(runtime));

  runtime.context.logger.info({ drill: name, deleted }, 'restore drill objects deleted');
  return { deleted };
}

/** Runs the teardown as a step and reports what it deleted. */
export function teardownStep(runtime: DrillRuntime): Step<DrillState> {
  return {
    name: 'teardown',
    // A cancel must not stop the clean-up; the compensation would only run it again.
    cancellable: false,
    run: async () => {
      const { deleted } = await tearDownDrill(runtime);
      runtime.say('drill.teardown.done', { objects: deleted.length === 0 ? '-' : deleted.join(', '), namespace: inlineCode(runtime.context.target.namespace) });
      return { tornDown: true };
    },
  };
}

/** Lists every drill object that still exists, as `Kind name`. Objects that are being deleted count as existing. */
export async function leftovers(runtime: DrillRuntime): Promise<string[]> {
  const { namespace } = runtime.context.target;
  const name = runtime.drillName;
  const claim = restoreClaimName(name);
  const left: string[] = [];

  const deployment = await readOrUndefined(() => runtime.apps.readNamespacedDeployment({ name, namespace }), `Deployment ${namespace}/${name}`);
  if (deployment !== undefined && isOurs(runtime, deployment.metadata)) left.push(`Deployment ${name}`);
  const replicaSets = await runtime.apps
    .listNamespacedReplicaSet({ namespace, labelSelector: runtime.drillSelector })
    .catch((error: unknown) => Promise.reject(toKubeError(error, `ReplicaSets matching ${runtime.drillSelector} in ${namespace}`)));
  left.push(...replicaSets.items.map((replicaSet) => `ReplicaSet ${replicaSet.metadata?.name ?? '?'}`));
  left.push(...(await listDrillPods(runtime)).map((pod) => `pod ${pod.metadata?.name ?? '?'}`));
  const pvc = await readOrUndefined(() => runtime.core.readNamespacedPersistentVolumeClaim({ name: claim, namespace }), `PersistentVolumeClaim ${namespace}/${claim}`);
  if (pvc !== undefined && isOurs(runtime, pvc.metadata)) left.push(`PVC ${claim}`);
  return left;
}

async function waitUntilGone(runtime: DrillRuntime, remaining: () => Promise<string[]>): Promise<void> {
  const { teardownDeadlineMs, teardownPollIntervalMs } = runtime.settings;
  const deadline = runtime.settings.now() + teardownDeadlineMs;
  for (;;) {
    const left = await remaining();
    if (left.length === 0) return;
    if (runtime.settings.now() >= deadline) {
      throw drillError('drill_teardown_timeout', 'drill.failed.teardownTimeout', {
        seconds: Math.round(teardownDeadlineMs / 1000),
        objects: left.join(', '),
        selector: runtime.drillSelector,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, teardownPollIntervalMs));
  }
}

async function listDrillPods(runtime: DrillRuntime) {
  const { namespace } = runtime.context.target;
  const list = await runtime.core
    .listNamespacedPod({ namespace, labelSelector: runtime.drillSelector })
    .catch((error: unknown) => Promise.reject(toKubeError(error, `pods matching ${runtime.drillSelector} in ${namespace}`)));
  return list.items;
}

function isOurs(runtime: DrillRuntime, metadata: V1ObjectMeta | undefined): boolean {
  return metadata?.annotations?.[RESTORE_ANNOTATIONS.createdByJob] === runtime.jobId;
}

async function readOrUndefined<T>(read: () => Promise<T>, description: string): Promise<T | undefined> {
  return await read().catch((error: unknown) => {
    if (isNotFound(error)) return undefined;
    throw toKubeError(error, description);
  });
}

async function deleteOrIgnore(remove: () => Promise<unknown>, description: string): Promise<void> {
  await remove().catch((error: unknown) => {
    if (isNotFound(error)) return;
    throw toKubeError(error, description);
  });
}
