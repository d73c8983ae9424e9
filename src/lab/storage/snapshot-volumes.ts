import type { PortworxVolume } from '../portworx/cluster-state.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';
import { addPortworxVolume, findVolumeByName } from './portworx-volumes.js';
import { copyVolume, measureVolume } from './volume-data.js';

/**
 * Creates the Portworx snapshot volume `name` of `source` with a point-in-time copy of its data
 * (see copyVolume) and returns it. A snapshot volume of that name left by an interrupted run is
 * filled again and reused, so a retry never creates a second one. The snapshot has the source's
 * size and replica set, as a Portworx local snapshot lives on the source's replica nodes.
 */
export async function createSnapshotVolume(runtime: LabRuntime, source: PortworxVolume, name: string, labels: Record<string, string>): Promise<PortworxVolume> {
  const snapshot =
    findVolumeByName(runtime, name) ??
    addPortworxVolume(runtime, {
      name,
      sizeBytes: source.sizeBytes,
      format: source.format,
      ioProfile: source.ioProfile,
      ioPriority: source.ioPriority,
      labels: { ...source.labels, ...labels },
      replicaNodeIds: source.replicaNodeIds,
      parentId: source.id,
      snapshot: true,
    });
  await copyVolume(runtime, source.id, snapshot.id);
  await measureVolume(runtime, snapshot.id);
  return snapshot;
}
