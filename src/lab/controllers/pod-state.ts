import type { KubeObject } from '../apiserver/kube-object.js';
import { isoSeconds } from '../apiserver/object-store.js';

/** True for a pod that counts toward a ReplicaSet: not terminating and not finished. */
export function isPodActive(pod: KubeObject): boolean {
  const phase = pod.status?.phase;
  return !pod.metadata?.deletionTimestamp && phase !== 'Succeeded' && phase !== 'Failed';
}

/** Returns a condition of a pod or node by type, or undefined. */
export function conditionOf(object: KubeObject, type: string): KubeObject | undefined {
  const conditions: KubeObject[] = object.status?.conditions ?? [];
  return conditions.find((condition) => condition.type === type);
}

export function isPodReady(pod: KubeObject): boolean {
  return conditionOf(pod, 'Ready')?.status === 'True';
}

/** True for a Ready pod that has been Ready for at least `minReadySeconds` at `now`. */
export function isPodAvailable(pod: KubeObject, minReadySeconds: number, now: Date): boolean {
  const ready = conditionOf(pod, 'Ready');
  if (ready?.status !== 'True') return false;
  if (minReadySeconds <= 0) return true;
  const since = Date.parse(String(ready.lastTransitionTime ?? ''));
  return Number.isFinite(since) && since + minReadySeconds * 1000 <= now.getTime();
}

/**
 * Returns `conditions` with the condition of `next.type` replaced by `next`. Its
 * `lastTransitionTime` is kept while the status stays the same.
 */
export function withCondition(conditions: KubeObject[] | undefined, next: KubeObject, now: Date): KubeObject[] {
  const list = [...(conditions ?? [])];
  const index = list.findIndex((condition) => condition.type === next.type);
  const previous = index >= 0 ? list[index] : undefined;
  const lastTransitionTime = previous && previous.status === next.status ? previous.lastTransitionTime : isoSeconds(now);
  const merged = { ...next, lastTransitionTime };
  if (index >= 0) list[index] = merged;
  else list.push(merged);
  return list;
}
