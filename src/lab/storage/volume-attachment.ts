import type { PortworxVolume, VolumeConsumer } from '../portworx/cluster-state.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';
import { RESOURCES } from './storage-names.js';
import { ensureVolumeDirectory } from './volume-data.js';

/**
 * Raised when a pod needs a volume that is attached on another node and used there by a pod that
 * still exists. The kubelet reports it as a `FailedAttachVolume` event, as for a Multi-Attach error.
 */
export class MultiAttachError extends Error {
  constructor(
    readonly volumeName: string,
    readonly attachedNodeName: string,
    readonly podNames: string[],
  ) {
    super(`Multi-Attach error for volume "${volumeName}": the volume is attached to node ${attachedNodeName} and used by pod(s) ${podNames.join(', ')}, and it can move to another node once those pods are gone`);
    this.name = 'MultiAttachError';
  }
}

/**
 * Attaches a Portworx volume on `nodeName` for the pod `consumer` and returns its data directory.
 * A volume attached on another node moves when every consumer there is gone from the store or has
 * finished (Succeeded or Failed); otherwise this throws a MultiAttachError. Attaching again for the
 * same pod changes nothing.
 */
export async function attachVolume(runtime: LabRuntime, volumeId: string, nodeName: string, consumer: VolumeConsumer): Promise<string> {
  const directory = await ensureVolumeDirectory(runtime, volumeId);
  const volume = requireVolume(runtime, volumeId);
  if (volume.snapshot) throw new Error(`Portworx volume ${volume.name} (${volumeId}) is a snapshot and cannot be attached: restore it to a new PVC first`);

  volume.consumers = volume.consumers.filter((existing) => podStillRuns(runtime, existing));
  if (volume.attachedNodeName !== undefined && volume.attachedNodeName !== nodeName) {
    const blocking = volume.consumers.filter((existing) => existing.uid !== consumer.uid);
    if (blocking.length > 0) {
      throw new MultiAttachError(volume.name, volume.attachedNodeName, blocking.map((pod) => `${pod.namespace}/${pod.name}`));
    }
  }

  volume.attachedNodeName = nodeName;
  volume.consumers = [...volume.consumers.filter((existing) => existing.uid !== consumer.uid), { ...consumer, runningOn: nodeName }];
  return directory;
}

/**
 * Removes the pod with `podUid` from the volume's consumers and detaches the volume when no
 * consumer is left. A volume that no longer exists is ignored, because pods outlive deleted volumes.
 */
export function detachVolume(runtime: LabRuntime, volumeId: string, podUid: string): void {
  const volume = runtime.portworx.volumes.get(volumeId);
  if (!volume) return;
  volume.consumers = volume.consumers.filter((consumer) => consumer.uid !== podUid);
  if (volume.consumers.length === 0) volume.attachedNodeName = undefined;
}

function requireVolume(runtime: LabRuntime, volumeId: string): PortworxVolume {
  const volume = runtime.portworx.volumes.get(volumeId);
  if (!volume) throw new Error(`Portworx volume ${volumeId} not found: the PV refers to a volume that does not exist`);
  return volume;
}

/** A consumer still runs while its pod object, with the same uid, exists and has not finished. */
function podStillRuns(runtime: LabRuntime, consumer: VolumeConsumer): boolean {
  const pod = runtime.store.find(RESOURCES.pods, consumer.namespace, consumer.name);
  if (!pod || pod.metadata.uid !== consumer.uid) return false;
  return pod.status?.phase !== 'Succeeded' && pod.status?.phase !== 'Failed';
}
