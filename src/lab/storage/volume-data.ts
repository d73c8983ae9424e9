import { cp, lstat, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { PortworxVolume } from '../portworx/cluster-state.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';

export { attachVolume, detachVolume, MultiAttachError } from './volume-attachment.js';

/** Returns the directory that contains a Portworx volume's data: `<lab directory>/volumes/<volume id>`. */
export function volumeDirectory(runtime: LabRuntime, volumeId: string): string {
  if (!/^[0-9]+$/.test(volumeId)) throw new Error(`invalid Portworx volume id "${volumeId}": expected a decimal number`);
  return join(runtime.directory, 'volumes', volumeId);
}

/** Creates the volume's data directory when it is missing and returns its path. */
export async function ensureVolumeDirectory(runtime: LabRuntime, volumeId: string): Promise<string> {
  const directory = volumeDirectory(runtime, volumeId);
  await mkdir(directory, { recursive: true });
  return directory;
}

/**
 * Copies the data of volume `fromId` into volume `toId` as one point in time. The volume's writer
 * is frozen through `runtime.volumeFreezer` for the duration of the copy and thawed afterwards,
 * also when the copy fails. Files of `toId` that existed before are replaced.
 */
export async function copyVolume(runtime: LabRuntime, fromId: string, toId: string): Promise<void> {
  const source = await ensureVolumeDirectory(runtime, fromId);
  const target = volumeDirectory(runtime, toId);
  const thaw = runtime.volumeFreezer ? await runtime.volumeFreezer(fromId) : undefined;

  let copyError: unknown;
  try {
    await rm(target, { recursive: true, force: true });
    await cp(source, target, { recursive: true, preserveTimestamps: true, errorOnExist: false, force: true });
  } catch (error) {
    copyError = error;
  }

  if (thaw) {
    try {
      await thaw();
    } catch (thawError) {
      if (copyError === undefined) throw thawError;
      runtime.logger.error({ err: thawError, volumeId: fromId }, 'failed to thaw volume after a failed copy');
    }
  }
  if (copyError !== undefined) {
    throw new Error(`failed to copy Portworx volume ${fromId} to ${toId}: ${(copyError as Error).message}`, { cause: copyError });
  }
}

/** Deletes the Portworx volume from the cluster state and removes its data directory. */
export async function removeVolume(runtime: LabRuntime, volumeId: string): Promise<void> {
  runtime.portworx.volumes.delete(volumeId);
  await rm(volumeDirectory(runtime, volumeId), { recursive: true, force: true });
}

/**
 * Returns the bytes used by the volume (the sum of the sizes of its regular files) and stores the
 * value in the volume's `stats.bytesUsed`, which `pxctl` prints as "Bytes used".
 */
export async function measureVolume(runtime: LabRuntime, volumeId: string): Promise<number> {
  const bytes = await sumFileSizes(volumeDirectory(runtime, volumeId));
  const volume: PortworxVolume | undefined = runtime.portworx.volumes.get(volumeId);
  if (volume) volume.stats.bytesUsed = bytes;
  return bytes;
}

async function sumFileSizes(directory: string): Promise<number> {
  let entries;
  try {
    entries = await readdir(directory, { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw error;
  }

  let total = 0;
  for (const entry of entries) {
    const path = join(directory, entry.name);
    if (entry.isDirectory()) {
      total += await sumFileSizes(path);
    } else if (entry.isFile()) {
      // A file can vanish between readdir and lstat while mariadbd writes; it then counts as 0.
      total += await lstat(path).then((stats) => stats.size, () => 0);
    }
  }
  return total;
}
