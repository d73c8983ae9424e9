import type { KubeObject } from './kube-object.js';
import type { ResourceType } from './resources.js';

export type DeletionPlan =
  | { kind: 'remove' }
  | { kind: 'unchanged' }
  | { kind: 'mark'; deletionTimestamp: string; gracePeriodSeconds: number };

/**
 * Decides what a delete does, following the apiserver's graceful deletion rules. A pod that is
 * bound to a node and not finished waits for its grace period (default
 * `spec.terminationGracePeriodSeconds`, else 30 s). An object with finalizers waits for them.
 * A second delete may only shorten a pending grace period.
 */
export function deletionPlan(type: ResourceType, stored: KubeObject, requestedGrace: number | undefined, now: Date): DeletionPlan {
  const finalizers: string[] = stored.metadata.finalizers ?? [];
  const pending = stored.metadata.deletionTimestamp !== undefined;

  if (type.gracefulDeletion) {
    const finished = ['Succeeded', 'Failed'].includes(stored.status?.phase);
    const unscheduled = !stored.spec?.nodeName;
    const defaultGrace = Number(stored.spec?.terminationGracePeriodSeconds ?? 30);
    const grace = finished || unscheduled ? 0 : Math.max(0, requestedGrace ?? stored.metadata.deletionGracePeriodSeconds ?? defaultGrace);
    if (grace === 0 && finalizers.length === 0) return { kind: 'remove' };
    if (pending && Number(stored.metadata.deletionGracePeriodSeconds ?? 0) <= grace) return { kind: 'unchanged' };
    return { kind: 'mark', deletionTimestamp: isoAfter(now, grace), gracePeriodSeconds: grace };
  }

  if (finalizers.length === 0) return { kind: 'remove' };
  if (pending) return { kind: 'unchanged' };
  return { kind: 'mark', deletionTimestamp: isoAfter(now, 0), gracePeriodSeconds: 0 };
}

function isoAfter(now: Date, seconds: number): string {
  return `${new Date(now.getTime() + seconds * 1000).toISOString().slice(0, 19)}Z`;
}
