import { PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { isNotFound, toKubeError } from '../../src/kube/kube-errors.js';
import { findServingPod } from '../../src/kube/pod-mysql.js';
import type { Step } from '../../src/runtime/step-runner.js';
import { inlineCode } from '../../src/slack/user-text.js';
import { restoreError, type RestoreRuntime } from './restore-context.js';
import { RESTORE_ANNOTATIONS, type Promotion, type RestoreState } from './restore-data.js';

/** Service annotation holding the JSON of the selector before a promotion, so a resumed run and a person can find it. */
export const SELECTOR_BEFORE_PROMOTE_ANNOTATION = 'pxmysql.io/selector-before-promote';

/**
 * Points the target's Service at the restored Deployment's pods (`app: <restoreName>`). The merge
 * patch sets every other key of the old selector to null, because a merge patch would keep them and
 * the restored pods lack them. The old selector goes into an annotation in the same patch.
 */
export async function pointService(runtime: RestoreRuntime): Promise<Record<string, string>> {
  const { namespace, service } = runtime.context.target;
  const selector = { app: runtime.request.restoreName };
  const current = await runtime.core
    .readNamespacedService({ name: service, namespace })
    .catch((error: unknown) => Promise.reject(toKubeError(error, `Service ${namespace}/${service}`)));
  const currentSelector = current.spec?.selector ?? {};
  if (sameSelector(currentSelector, selector)) {
    const recorded = current.metadata?.annotations?.[SELECTOR_BEFORE_PROMOTE_ANNOTATION];
    return recorded === undefined ? currentSelector : (JSON.parse(recorded) as Record<string, string>);
  }

  const patchSelector: Record<string, string | null> = { ...selector };
  for (const key of Object.keys(currentSelector)) if (!(key in selector)) patchSelector[key] = null;
  const body = { metadata: { annotations: { [SELECTOR_BEFORE_PROMOTE_ANNOTATION]: JSON.stringify(currentSelector) } }, spec: { selector: patchSelector } };
  await runtime.core
    .patchNamespacedService({ name: service, namespace, body }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch))
    .catch((error: unknown) => Promise.reject(toKubeError(error, `patch Service ${namespace}/${service}`)));
  runtime.context.logger.info({ service, selector, previousSelector: currentSelector }, 'pointed the Service at the restored Deployment');
  return currentSelector;
}

/**
 * Scales the target's Deployment to 0 with a merge patch and records the replica count before in
 * an annotation; the Deployment is never deleted. Returns the replica count before the promotion.
 */
export async function scaleDownOld(runtime: RestoreRuntime): Promise<number> {
  const { namespace, deployment } = runtime.context.target;
  const current = await runtime.apps
    .readNamespacedDeployment({ name: deployment, namespace })
    .catch((error: unknown) => Promise.reject(toKubeError(error, `Deployment ${namespace}/${deployment}`)));
  const replicas = current.spec?.replicas ?? 1;
  if (replicas === 0) {
    const recorded = Number(current.metadata?.annotations?.[RESTORE_ANNOTATIONS.replicasBeforePromote]);
    return Number.isInteger(recorded) ? recorded : 0;
  }
  const body = { metadata: { annotations: { [RESTORE_ANNOTATIONS.replicasBeforePromote]: String(replicas) } }, spec: { replicas: 0 } };
  await runtime.apps
    .patchNamespacedDeployment({ name: deployment, namespace, body }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch))
    .catch((error: unknown) => Promise.reject(toKubeError(error, `scale Deployment ${namespace}/${deployment} to 0`)));
  runtime.context.logger.info({ deployment, replicasBefore: replicas }, 'scaled the old Deployment to 0');
  return replicas;
}

/** Runs the promotion inside a restore job when the request asked for it and the data was verified. */
export function promoteStep(runtime: RestoreRuntime): Step<RestoreState> {
  return {
    name: 'promote',
    run: async (state) => {
      if (!runtime.request.promote) return {};
      if (state.verifySkipped === true) {
        runtime.say('restore.promote.notVerified', { deployment: inlineCode(runtime.request.restoreName) });
        return {};
      }
      return { promotion: await promote(runtime) };
    },
  };
}

async function promote(runtime: RestoreRuntime): Promise<Promotion> {
  const { service, deployment } = runtime.context.target;
  const previousSelector = await pointService(runtime);
  const oldReplicas = await scaleDownOld(runtime);
  runtime.say('restore.promote.done', { service: inlineCode(service), deployment: inlineCode(runtime.request.restoreName), old: inlineCode(deployment) });
  return { service, previousSelector, selector: { app: runtime.request.restoreName }, oldDeployment: deployment, oldReplicas };
}

/** Steps of a promotion job: check the restored Deployment, point the Service, scale the old Deployment down, report. */
export function promoteJobSteps(runtime: RestoreRuntime): Array<Step<RestoreState>> {
  return [
    {
      name: 'check-restored',
      run: async () => {
        const { namespace } = runtime.context.target;
        const name = runtime.request.restoreName;
        const restored = await runtime.apps.readNamespacedDeployment({ name, namespace }).catch((error: unknown) => {
          if (isNotFound(error)) return undefined;
          throw toKubeError(error, `Deployment ${namespace}/${name}`);
        });
        if (restored?.metadata?.annotations?.[RESTORE_ANNOTATIONS.createdByJob] === undefined) {
          throw restoreError('promote_not_restored', 'restore.failed.notRestored', { deployment: name, namespace });
        }
        if (restored.metadata.annotations[RESTORE_ANNOTATIONS.verifiedAt] === undefined) {
          throw restoreError('promote_not_verified', 'restore.failed.notVerified', { deployment: name, namespace });
        }
        const pod = await findServingPod(runtime.core, namespace, `app=${name}`);
        return { deploymentName: name, pod };
      },
    },
    { name: 'point-service', run: async () => ({ previousSelector: await pointService(runtime) }) },
    {
      name: 'scale-down-old',
      run: async (state) => {
        const { service, deployment } = runtime.context.target;
        const oldReplicas = await scaleDownOld(runtime);
        const promotion: Promotion = {
          service,
          previousSelector: state.previousSelector ?? {},
          selector: { app: runtime.request.restoreName },
          oldDeployment: deployment,
          oldReplicas,
        };
        return { promotion };
      },
    },
    {
      name: 'report',
      run: async () => {
        const { service, deployment } = runtime.context.target;
        runtime.say('restore.promote.done', { service: inlineCode(service), deployment: inlineCode(runtime.request.restoreName), old: inlineCode(deployment) });
        await runtime.context.reporter.flush();
        return {};
      },
    },
  ];
}

function sameSelector(left: Record<string, string>, right: Record<string, string>): boolean {
  const leftKeys = Object.keys(left);
  return leftKeys.length === Object.keys(right).length && leftKeys.every((key) => left[key] === right[key]);
}
