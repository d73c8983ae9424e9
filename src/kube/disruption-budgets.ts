import type { CoreV1Api, PolicyV1Api, V1Pod, V1PodDisruptionBudget } from '@kubernetes/client-node';
import { toKubeError } from './kube-errors.js';
import { matchesLabelSelector } from './label-selector-match.js';
import { isPodReady, isPodTerminating } from './node-state.js';

/** A PodDisruptionBudget that does not allow the pod to be disrupted now. */
export interface BlockingDisruptionBudget {
  name: string;
  disruptionsAllowed: number;
  /** True when `disruptionsAllowed` was computed here from the spec, because no controller had written a current status. */
  estimated: boolean;
}

/**
 * Returns the PodDisruptionBudgets (`policy/v1`) in the pod's namespace that select the pod and
 * allow no disruption (`disruptionsAllowed < 1`). Deleting a pod that is not Ready removes no
 * healthy pod, so for such a pod (or one already Terminating) it returns no budgets.
 *
 * `status.disruptionsAllowed` is used when the status is current (`observedGeneration` at least
 * `metadata.generation`). Otherwise the value is estimated from the spec and the matching pods.
 * NOTE: the estimate counts the pods that exist, while the disruption controller counts the
 * replicas their controller asks for, so the two differ while pods are missing.
 */
export async function findBlockingDisruptionBudgets(
  policy: Pick<PolicyV1Api, 'listNamespacedPodDisruptionBudget'>,
  core: Pick<CoreV1Api, 'listNamespacedPod'>,
  pod: V1Pod,
): Promise<BlockingDisruptionBudget[]> {
  if (!isPodReady(pod) || isPodTerminating(pod)) return [];
  const namespace = pod.metadata?.namespace ?? 'default';
  const labels = pod.metadata?.labels ?? {};

  const budgets = await policy
    .listNamespacedPodDisruptionBudget({ namespace })
    .catch((error: unknown) => Promise.reject(toKubeError(error, `PodDisruptionBudgets in ${namespace}`)));
  const selecting = budgets.items.filter((budget) => budget.spec?.selector !== undefined && matchesLabelSelector(budget.spec.selector, labels));
  if (selecting.length === 0) return [];

  let namespacePods: V1Pod[] | undefined;
  const blocking: BlockingDisruptionBudget[] = [];
  for (const budget of selecting) {
    const current = currentDisruptionsAllowed(budget);
    let allowed = current;
    if (allowed === undefined) {
      namespacePods ??= (
        await core.listNamespacedPod({ namespace }).catch((error: unknown) => Promise.reject(toKubeError(error, `pods in ${namespace}`)))
      ).items;
      allowed = estimateDisruptionsAllowed(budget, namespacePods);
    }
    if (allowed < 1) blocking.push({ name: budget.metadata?.name ?? '', disruptionsAllowed: allowed, estimated: current === undefined });
  }
  return blocking;
}

function currentDisruptionsAllowed(budget: V1PodDisruptionBudget): number | undefined {
  const status = budget.status;
  if (status === undefined || typeof status.disruptionsAllowed !== 'number') return undefined;
  const generation = budget.metadata?.generation;
  if (generation !== undefined && (status.observedGeneration ?? 0) < generation) return undefined;
  return status.disruptionsAllowed;
}

/** Estimates `disruptionsAllowed` like the disruption controller, from the pods that the budget selects. */
export function estimateDisruptionsAllowed(budget: V1PodDisruptionBudget, pods: V1Pod[]): number {
  const selector = budget.spec?.selector;
  const selected = selector === undefined ? [] : pods.filter((pod) => !isPodTerminating(pod) && matchesLabelSelector(selector, pod.metadata?.labels ?? {}));
  const expected = selected.length;
  const healthy = selected.filter(isPodReady).length;

  const { minAvailable, maxUnavailable } = budget.spec ?? {};
  if (maxUnavailable !== undefined) return scaled(maxUnavailable, expected) - (expected - healthy);
  if (minAvailable !== undefined) return healthy - scaled(minAvailable, expected);
  return healthy;
}

/** Resolves an IntOrString: a number as is, a percentage of `total` rounded up, as Kubernetes does. */
function scaled(value: number | string, total: number): number {
  if (typeof value === 'number') return value;
  const percent = /^(\d+)%$/.exec(value);
  if (percent) return Math.ceil((Number(percent[1]) * total) / 100);
  const integer = Number(value);
  return Number.isInteger(integer) ? integer : 0;
}
