import type { PortworxClusterState, PortworxVolume } from './cluster-state.js';

export type VolumeLookup = { volume: PortworxVolume; error?: undefined } | { volume?: undefined; error: string };

/**
 * Finds a volume by id or name. The error text follows the openstorage SDK's wording:
 * "Cannot locate volume with id …" for a numeric reference, "… with name …" otherwise.
 */
export function findVolumeOrError(state: PortworxClusterState, reference: string): VolumeLookup {
  const volume = state.findVolume(reference);
  if (volume) return { volume };
  const kind = /^\d+$/.test(reference) ? 'id' : 'name';
  return { error: `Cannot locate volume with ${kind} ${reference}` };
}
