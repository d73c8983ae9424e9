import { ApiError } from '../apiserver/api-error.js';
import type { KubeObject } from '../apiserver/kube-object.js';
import { runningPodStatus } from '../cluster/running-pod-status.js';
import { conditionOf } from '../controllers/pod-state.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';
import { allocatePodIp, nodeInternalIp } from './pod-addresses.js';

/**
 * Syncs a pod that runs no process in the lab (portworx, stork or any image other than MySQL).
 * A Terminating pod is deleted for good at once. Any other one is marked Running and Ready, with
 * its node's InternalIP as hostIP. A pod with `hostNetwork` gets the node's IP as pod IP.
 */
export function syncPlainPod(runtime: LabRuntime, pod: KubeObject, reservedIps: () => string[]): void {
  const { store } = runtime;
  if (pod.metadata.deletionTimestamp) {
    try {
      store.delete('pods', pod.metadata.namespace, pod.metadata.name, { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } });
    } catch (error) {
      if (!(error instanceof ApiError && (error.code === 404 || error.code === 409))) throw error;
    }
    return;
  }

  const hostIp = nodeInternalIp(store, String(pod.spec.nodeName));
  const ready = pod.status?.phase === 'Running' && conditionOf(pod, 'Ready')?.status === 'True';
  if (ready && pod.status?.hostIP === hostIp && pod.status?.podIP) return;
  if (hostIp === undefined) return;

  const podIp = pod.spec?.hostNetwork ? hostIp : (pod.status?.podIP ?? allocatePodIp(store, reservedIps(), runtime.podSubnet));
  const startTime = Date.parse(String(pod.status?.startTime ?? ''));
  const startedAt = Number.isFinite(startTime) ? new Date(startTime) : runtime.now();
  store.updateStatus('pods', { ...pod, status: runningPodStatus(pod.spec, hostIp, podIp, startedAt) });
}
