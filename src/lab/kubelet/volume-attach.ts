import type { VolumeConsumer } from '../portworx/cluster-state.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';
import { attachVolume, MultiAttachError } from '../storage/volume-data.js';
import type { PodRecord } from './pod-record.js';

export { MultiAttachError } from '../storage/volume-data.js';

/** True when the lab node is taken down or its Portworx node is offline. */
export function isNodeOffline(runtime: LabRuntime, nodeName: string): boolean {
  return runtime.nodes.isDown(nodeName) || runtime.portworx.nodeByName(nodeName)?.online === false;
}

/**
 * Attaches the pod's Portworx volume on the pod's node and returns its data directory. Two rules
 * come on top of `attachVolume`:
 * - Portworx attaches a volume on another node when the node it is attached on is offline. So
 *   this function first drops the consumers on offline nodes, and they never block.
 * - A mariadbd process that still runs on another online node holds the volume, even when its pod
 *   object is already gone (after a force deletion), until the process has exited.
 * Throws a MultiAttachError otherwise.
 */
export async function attachPodVolume(runtime: LabRuntime, records: Iterable<PodRecord>, record: PodRecord, volumeId: string, consumer: VolumeConsumer): Promise<string> {
  const volume = runtime.portworx.volumes.get(volumeId);
  const attachedOn = volume?.attachedNodeName;
  if (volume && attachedOn !== undefined && attachedOn !== record.nodeName && isNodeOffline(runtime, attachedOn)) {
    volume.consumers = volume.consumers.filter((existing) => !isNodeOffline(runtime, existing.runningOn));
    if (volume.consumers.length === 0) volume.attachedNodeName = undefined;
  }

  const holders = [...records].filter(
    (other) =>
      other.uid !== record.uid &&
      other.volumeId === volumeId &&
      other.nodeName !== record.nodeName &&
      other.liveProcesses.size > 0 &&
      !isNodeOffline(runtime, other.nodeName),
  );
  const firstHolder = holders[0];
  if (firstHolder) {
    throw new MultiAttachError(volume?.name ?? volumeId, firstHolder.nodeName, holders.map((holder) => `${holder.namespace}/${holder.name}`));
  }
  return await attachVolume(runtime, volumeId, record.nodeName, consumer);
}

/**
 * Formats the attach-detach controller's event message for a Multi-Attach error, e.g.
 * `Multi-Attach error for volume "pvc-1" Volume is already used by pod(s) mysql-abc`. Pods in
 * other namespaces are only counted, as Kubernetes does.
 */
export function multiAttachMessage(error: MultiAttachError, namespace: string): string {
  const sameNamespace: string[] = [];
  let otherNamespaces = 0;
  for (const qualified of error.podNames) {
    const [podNamespace, name] = qualified.includes('/') ? qualified.split('/', 2) : [namespace, qualified];
    if (podNamespace === namespace) sameNamespace.push(String(name));
    else otherNamespaces += 1;
  }
  let users: string;
  if (sameNamespace.length > 0 && otherNamespaces > 0) {
    users = `Volume is already used by pod(s) ${sameNamespace.join(', ')} and ${otherNamespaces} pod(s) in different namespaces`;
  } else if (sameNamespace.length > 0) {
    users = `Volume is already used by pod(s) ${sameNamespace.join(', ')}`;
  } else {
    users = `Volume is already used by ${otherNamespaces} pod(s) in different namespaces`;
  }
  return `Multi-Attach error for volume "${error.volumeName}" ${users}`;
}
