import type { KubeObject } from '../apiserver/kube-object.js';
import { toleratesTaint } from './taints.js';

/**
 * Returns when (epoch milliseconds) a pod on a node with the NoExecute `taint` is to be evicted,
 * or undefined when it tolerates the taint for ever. The shortest `tolerationSeconds` of the
 * matching tolerations sets the time, and matching tolerations without one tolerate for ever. A pod with no matching toleration gets `defaultTimeoutMs`:
 * a real apiserver gives every pod a 300 s toleration of `node.kubernetes.io/unreachable`, which
 * the lab apiserver does not add, so the lab's default timeout plays that part.
 */
export function evictionTime(pod: KubeObject, taint: KubeObject, defaultTimeoutMs: number): number | undefined {
  const added = Date.parse(String(taint.timeAdded ?? ''));
  const start = Number.isFinite(added) ? added : 0;
  const matching = ((pod.spec?.tolerations ?? []) as KubeObject[]).filter((toleration) => toleratesTaint(toleration, taint));
  if (matching.length === 0) return start + defaultTimeoutMs;
  const limited = matching.filter((toleration) => typeof toleration.tolerationSeconds === 'number');
  if (limited.length === 0) return undefined;
  const seconds = Math.min(...limited.map((toleration) => Math.max(0, Number(toleration.tolerationSeconds))));
  return start + seconds * 1000;
}
