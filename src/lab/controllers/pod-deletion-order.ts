import type { KubeObject } from '../apiserver/kube-object.js';
import { isPodReady } from './pod-state.js';

const PHASE_RANK: Record<string, number> = { Pending: 0, Unknown: 1, Running: 2 };

/**
 * Sorts pods so that the ones a ReplicaSet should delete first come first, following the
 * ReplicaSet controller's order: unscheduled before scheduled, Pending before Unknown before
 * Running, not ready before ready, then the newest first. Ties are broken by name so the order is stable.
 */
export function sortPodsForDeletion(pods: KubeObject[]): KubeObject[] {
  const rank = (pod: KubeObject): number[] => [
    pod.spec?.nodeName ? 1 : 0,
    PHASE_RANK[String(pod.status?.phase)] ?? 0,
    isPodReady(pod) ? 1 : 0,
  ];
  return [...pods].sort((a, b) => {
    const rankA = rank(a);
    const rankB = rank(b);
    for (let index = 0; index < rankA.length; index += 1) {
      const difference = (rankA[index] ?? 0) - (rankB[index] ?? 0);
      if (difference !== 0) return difference;
    }
    const age = String(b.metadata?.creationTimestamp ?? '').localeCompare(String(a.metadata?.creationTimestamp ?? ''));
    return age !== 0 ? age : String(a.metadata?.name).localeCompare(String(b.metadata?.name));
  });
}
