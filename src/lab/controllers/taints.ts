import type { KubeObject } from '../apiserver/kube-object.js';

export const UNREACHABLE_TAINT = 'node.kubernetes.io/unreachable';
export const UNSCHEDULABLE_TAINT = 'node.kubernetes.io/unschedulable';

/** True when the toleration tolerates the taint, with the matching rules of the Kubernetes API. */
export function toleratesTaint(toleration: KubeObject, taint: KubeObject): boolean {
  if (toleration.effect && toleration.effect !== taint.effect) return false;
  const operator = toleration.operator ?? 'Equal';
  if (!toleration.key) return operator === 'Exists';
  if (toleration.key !== taint.key) return false;
  if (operator === 'Exists') return true;
  return operator === 'Equal' && String(toleration.value ?? '') === String(taint.value ?? '');
}

/** Returns the first taint with one of `effects` that no toleration tolerates, or undefined. */
export function firstUntoleratedTaint(taints: KubeObject[] | undefined, tolerations: KubeObject[] | undefined, effects: string[]): KubeObject | undefined {
  return (taints ?? []).find((taint) => effects.includes(String(taint.effect)) && !(tolerations ?? []).some((toleration) => toleratesTaint(toleration, taint)));
}

/** Formats a taint as the scheduler does in its messages: `{key: value}`. */
export function describeTaint(taint: KubeObject): string {
  return `{${String(taint.key)}: ${String(taint.value ?? '')}}`;
}
