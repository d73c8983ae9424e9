import type { KubeObject } from '../apiserver/kube-object.js';
import { isoSeconds } from '../apiserver/object-store.js';

/** Node conditions that the kubelet posts and the node lifecycle controller turns Unknown. */
const KUBELET_CONDITIONS: Record<string, { status: string; reason: string; message: string }> = {
  MemoryPressure: { status: 'False', reason: 'KubeletHasSufficientMemory', message: 'kubelet has sufficient memory available' },
  DiskPressure: { status: 'False', reason: 'KubeletHasNoDiskPressure', message: 'kubelet has no disk pressure' },
  PIDPressure: { status: 'False', reason: 'KubeletHasSufficientPID', message: 'kubelet has sufficient PID available' },
  Ready: { status: 'True', reason: 'KubeletReady', message: 'kubelet is posting ready status' },
};

export const NODE_STATUS_UNKNOWN = 'NodeStatusUnknown';

/**
 * Returns the node's conditions with every kubelet condition Unknown, as the node lifecycle
 * controller sets them when the kubelet stops posting status. `lastHeartbeatTime` is kept and
 * NetworkUnavailable, which the route controller owns, is left as it is.
 */
export function unknownConditions(conditions: KubeObject[], now: Date): KubeObject[] {
  return withKubeletConditions(conditions, now, () => ({ status: 'Unknown', reason: NODE_STATUS_UNKNOWN, message: 'Kubelet stopped posting node status.' }), false);
}

/** Returns the node's conditions as a healthy kubelet posts them, with a fresh heartbeat. */
export function healthyConditions(conditions: KubeObject[], now: Date): KubeObject[] {
  return withKubeletConditions(conditions, now, (type) => KUBELET_CONDITIONS[type] as { status: string; reason: string; message: string }, true);
}

function withKubeletConditions(
  conditions: KubeObject[],
  now: Date,
  valueOf: (type: string) => { status: string; reason: string; message: string },
  heartbeat: boolean,
): KubeObject[] {
  const time = isoSeconds(now);
  const result = conditions.filter((condition) => !(condition.type in KUBELET_CONDITIONS));
  for (const type of Object.keys(KUBELET_CONDITIONS)) {
    const stored = conditions.find((condition) => condition.type === type);
    const value = valueOf(type);
    result.push({
      type,
      ...value,
      lastHeartbeatTime: heartbeat || !stored ? time : stored.lastHeartbeatTime,
      lastTransitionTime: stored && stored.status === value.status ? stored.lastTransitionTime : time,
    });
  }
  return result;
}

/** Returns the taints with `key` added for each effect (keeping an existing one and its timeAdded). */
export function withTaints(taints: KubeObject[] | undefined, key: string, effects: string[], now: Date): KubeObject[] {
  const result = [...(taints ?? [])];
  for (const effect of effects) {
    if (!result.some((taint) => taint.key === key && taint.effect === effect)) result.push({ key, effect, timeAdded: isoSeconds(now) });
  }
  return result;
}

export function withoutTaints(taints: KubeObject[] | undefined, key: string): KubeObject[] {
  return (taints ?? []).filter((taint) => taint.key !== key);
}
