import { execFileSync } from 'node:child_process';
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { addPortworxVolume, type NewVolumeSpec } from '../../../src/lab/storage/portworx-volumes.js';
import { copyVolume, ensureVolumeDirectory, measureVolume, removeVolume, volumeDirectory } from '../../../src/lab/storage/volume-data.js';
import { startStorageFixture, type StorageFixture } from './storage-fixture.js';

describe('volume data', () => {
  let fixture: StorageFixture;
  let sourceId: string;
  let targetId: string;

  beforeEach(async () => {
    fixture = await startStorageFixture({ start: false });
    const spec: Omit<NewVolumeSpec, 'name'> = { sizeBytes: 1024 ** 3, format: 'ext4', ioProfile: 'db', ioPriority: 'LOW', labels: {}, replicaNodeIds: ['node-id-0'] };
    sourceId = addPortworxVolume(fixture.runtime, { ...spec, name: 'source' }).id;
    targetId = addPortworxVolume(fixture.runtime, { ...spec, name: 'target', snapshot: true, parentId: sourceId }).id;
  });
  afterEach(async () => fixture.close());

  it('creates the directory under volumes/', async () => {
    const directory = await ensureVolumeDirectory(fixture.runtime, sourceId);
    expect(directory).toBe(join(fixture.runtime.directory, 'volumes', sourceId));
    expect((await stat(directory)).isDirectory()).toBe(true);
  });

  it('rejects a volume id that is not a number', () => {
    expect(() => volumeDirectory(fixture.runtime, '../etc')).toThrow(/invalid Portworx volume id/);
  });

  it('copies the tree as a point in time', async () => {
    const source = await ensureVolumeDirectory(fixture.runtime, sourceId);
    await mkdir(join(source, 'orders'));
    await writeFile(join(source, 'orders', 'rows.ibd'), 'before');
    await copyVolume(fixture.runtime, sourceId, targetId);
    await writeFile(join(source, 'orders', 'rows.ibd'), 'after');

    const copied = await readFile(join(volumeDirectory(fixture.runtime, targetId), 'orders', 'rows.ibd'), 'utf8');
    expect(copied).toBe('before');
  });

  it('freezes before the copy and thaws after it', async () => {
    const calls: string[] = [];
    fixture.runtime.volumeFreezer = async (volumeId) => {
      calls.push(`freeze ${volumeId}`);
      return async () => {
        calls.push(`thaw ${volumeId}`);
      };
    };
    const source = await ensureVolumeDirectory(fixture.runtime, sourceId);
    await writeFile(join(source, 'ibdata1'), 'x');
    await copyVolume(fixture.runtime, sourceId, targetId);
    expect(calls).toEqual([`freeze ${sourceId}`, `thaw ${sourceId}`]);
  });

  it('thaws when the copy fails', async () => {
    let thawed = false;
    fixture.runtime.volumeFreezer = async () => async () => {
      thawed = true;
    };
    const source = await ensureVolumeDirectory(fixture.runtime, sourceId);
    // fs.cp refuses to copy a named pipe, which makes the copy fail for real.
    execFileSync('mkfifo', [join(source, 'mysql.pipe')]);

    await expect(copyVolume(fixture.runtime, sourceId, targetId)).rejects.toThrow(/failed to copy Portworx volume/);
    expect(thawed).toBe(true);
  });

  it('reports the copy error when thaw also fails', async () => {
    fixture.runtime.volumeFreezer = async () => async () => {
      throw new Error('thaw failed');
    };
    const source = await ensureVolumeDirectory(fixture.runtime, sourceId);
    execFileSync('mkfifo', [join(source, 'mysql.pipe')]);
    await expect(copyVolume(fixture.runtime, sourceId, targetId)).rejects.toThrow(/failed to copy Portworx volume/);
  });

  it('does not copy when the freeze fails', async () => {
    fixture.runtime.volumeFreezer = async () => {
      throw new Error('pod process not found');
    };
    await expect(copyVolume(fixture.runtime, sourceId, targetId)).rejects.toThrow('pod process not found');
    await expect(stat(volumeDirectory(fixture.runtime, targetId))).rejects.toThrow(/ENOENT/);
  });

  it('measures bytes used and stores them in stats', async () => {
    const source = await ensureVolumeDirectory(fixture.runtime, sourceId);
    await mkdir(join(source, 'sub'));
    await writeFile(join(source, 'a'), Buffer.alloc(1000));
    await writeFile(join(source, 'sub', 'b'), Buffer.alloc(2345));

    expect(await measureVolume(fixture.runtime, sourceId)).toBe(3345);
    expect(fixture.runtime.portworx.volumes.get(sourceId)?.stats.bytesUsed).toBe(3345);
  });

  it('measures a volume without a directory as empty', async () => {
    expect(await measureVolume(fixture.runtime, targetId)).toBe(0);
  });

  it('removes the volume and its directory', async () => {
    const source = await ensureVolumeDirectory(fixture.runtime, sourceId);
    await writeFile(join(source, 'a'), 'x');
    await removeVolume(fixture.runtime, sourceId);
    expect(fixture.runtime.portworx.volumes.has(sourceId)).toBe(false);
    await expect(stat(source)).rejects.toThrow(/ENOENT/);
  });
});
