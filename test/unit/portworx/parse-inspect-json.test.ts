import { describe, expect, it } from 'vitest';
import { PxmysqlError } from '../../../src/errors.js';
import { parseVolumeInspectJson } from '../../../src/portworx/parse-inspect-json.js';

/** Builds a volume in the form pxctl 1.x prints: short lower-case enums, 64-bit integers as strings. */
function shortFormVolume(): Record<string, any> {
  return {
    id: '486256711004992211',
    source: { parent: '', seed: '' },
    readonly: false,
    locator: { name: 'pvc-2910e5ab-1b5e-11e8-97a3-0269077ba1bd', volume_labels: { namespace: 'default', pvc: 'mysql-data' } },
    ctime: '2018-02-27T01:33:16Z',
    spec: { size: '1073741824', format: 'ext4', block_size: '65536', ha_level: '2', cos: 'low', io_profile: 'sequential', shared: false },
    usage: '33964032',
    format: 'ext4',
    status: 'up',
    state: 'attached',
    attached_on: 'b04ab9ae-2555-42e8-802f-214f65672962',
    attached_state: 'ATTACH_STATE_EXTERNAL',
    device_path: '/dev/pxd/pxd486256711004992211',
    replica_sets: [{ nodes: ['b04ab9ae-2555-42e8-802f-214f65672962', '681a6600-f156-4eab-b55b-a8e14ff0c13d'] }],
    runtime_state: [{ runtime_state: { RuntimeState: 'clean' } }],
    error: '',
    volume_consumers: [
      { name: 'mysql-0', namespace: 'default', type: 'Pod', node_id: 'node-a', owner_name: 'mysql', owner_type: 'StatefulSet' },
    ],
  };
}

function errorOf(run: () => unknown): PxmysqlError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PxmysqlError);
    return error as PxmysqlError;
  }
  throw new Error('expected an error, but the call returned');
}

describe('parseVolumeInspectJson', () => {
  it('reads the short enum and string integer form', () => {
    const [summary] = parseVolumeInspectJson(JSON.stringify([shortFormVolume()]));

    expect(summary).toEqual({
      id: '486256711004992211',
      name: 'pvc-2910e5ab-1b5e-11e8-97a3-0269077ba1bd',
      sizeBytes: 1073741824,
      format: 'ext4',
      haLevel: 2,
      ioPriority: 'LOW',
      status: 'up',
      attachedNode: 'b04ab9ae-2555-42e8-802f-214f65672962',
      replicaNodes: ['b04ab9ae-2555-42e8-802f-214f65672962', '681a6600-f156-4eab-b55b-a8e14ff0c13d'],
      replicationStatus: undefined,
      consumers: [{ name: 'mysql-0', namespace: 'default', runningOn: 'node-a' }],
      labels: { namespace: 'default', pvc: 'mysql-data' },
      bytesUsed: 33964032,
    });
  });

  it('reads full proto enum names', () => {
    const volume = shortFormVolume();
    volume.format = 'FS_TYPE_XFS';
    volume.spec.cos = 'HIGH';
    volume.status = 'VOLUME_STATUS_DEGRADED';
    volume.state = 'VOLUME_STATE_DETACHED';

    const [summary] = parseVolumeInspectJson(JSON.stringify([volume]));

    expect(summary?.format).toBe('xfs');
    expect(summary?.ioPriority).toBe('HIGH');
    expect(summary?.status).toBe('degraded');
    expect(summary?.attachedNode).toBeUndefined();
  });

  it('reads numeric enums and integers', () => {
    const volume = shortFormVolume();
    volume.format = 6;
    volume.spec.cos = 2;
    volume.spec.size = 2147483648;
    volume.spec.ha_level = 3;
    volume.status = 2;
    volume.state = 3;
    volume.usage = 1024;
    volume.ctime = { seconds: 1479507011, nanos: 890685197 };

    const [summary] = parseVolumeInspectJson(JSON.stringify([volume]));

    expect(summary?.format).toBe('xfs');
    expect(summary?.ioPriority).toBe('MEDIUM');
    expect(summary?.sizeBytes).toBe(2147483648);
    expect(summary?.haLevel).toBe(3);
    expect(summary?.status).toBe('up');
    expect(summary?.attachedNode).toBe('b04ab9ae-2555-42e8-802f-214f65672962');
    expect(summary?.bytesUsed).toBe(1024);
  });

  it('treats omitted zero-value fields as their defaults', () => {
    const volume = shortFormVolume();
    delete volume.spec.cos;
    delete volume.usage;
    delete volume.volume_consumers;
    delete volume.replica_sets;
    delete volume.locator.volume_labels;
    volume.attached_on = '';
    volume.state = 'detached';

    const [summary] = parseVolumeInspectJson(JSON.stringify([volume]));

    expect(summary?.ioPriority).toBe('NONE');
    expect(summary?.bytesUsed).toBeUndefined();
    expect(summary?.consumers).toEqual([]);
    expect(summary?.replicaNodes).toEqual([]);
    expect(summary?.labels).toEqual({});
    expect(summary?.attachedNode).toBeUndefined();
  });

  it('parses an empty array and several volumes', () => {
    const second = shortFormVolume();
    second.id = '700377599852814571';

    expect(parseVolumeInspectJson('[]')).toEqual([]);
    expect(parseVolumeInspectJson(JSON.stringify([shortFormVolume(), second])).map((volume) => volume.id)).toEqual([
      '486256711004992211',
      '700377599852814571',
    ]);
  });

  it.each([
    ['id', (volume: Record<string, any>) => delete volume.id, 'volume 0: missing id'],
    ['locator.name', (volume: Record<string, any>) => delete volume.locator.name, 'volume 486256711004992211: missing locator.name'],
    ['spec.size', (volume: Record<string, any>) => delete volume.spec.size, 'volume 486256711004992211: missing spec.size'],
    ['spec.ha_level', (volume: Record<string, any>) => delete volume.spec.ha_level, 'missing spec.ha_level'],
    ['spec', (volume: Record<string, any>) => delete volume.spec, 'volume 486256711004992211: missing spec'],
  ])('names a missing %s', (_field, remove, expected) => {
    const volume = shortFormVolume();
    remove(volume);

    const error = errorOf(() => parseVolumeInspectJson(JSON.stringify([volume])));

    expect(error.code).toBe('pxctl_output_invalid');
    expect(error.message).toContain(expected);
  });

  it('names an invalid integer and enum', () => {
    const badSize = shortFormVolume();
    badSize.spec.size = '1 GiB';
    const badFormat = shortFormVolume();
    badFormat.format = 42;

    expect(errorOf(() => parseVolumeInspectJson(JSON.stringify([badSize]))).message).toContain('invalid spec.size');
    expect(errorOf(() => parseVolumeInspectJson(JSON.stringify([badFormat]))).message).toContain('invalid format: unknown enum number 42');
  });

  it('rejects output that is not a JSON array', () => {
    expect(errorOf(() => parseVolumeInspectJson('Cannot locate volume with name x')).message).toContain('not JSON');
    expect(errorOf(() => parseVolumeInspectJson('{"id":"1"}')).message).toContain('not a JSON array of volumes');
    expect(errorOf(() => parseVolumeInspectJson('[42]')).message).toContain('volume 0 is not an object');
  });
});
