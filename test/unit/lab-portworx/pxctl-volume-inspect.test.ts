import { describe, expect, it } from 'vitest';
import { runPxctl } from '../../../src/lab/portworx/pxctl.js';
import {
  ATTACHED_NODE,
  GIB,
  SAMPLE_INSPECT_TEXT,
  SAMPLE_NODES,
  addDetachedVolume,
  buildSampleCluster,
  takeNodeOffline,
} from './sample-cluster.js';

const context = { nodeName: ATTACHED_NODE.name, now: new Date('2024-05-01T12:00:00Z') };

describe('pxctl volume inspect', () => {
  it('prints the sample layout exactly', () => {
    const { state } = buildSampleCluster();

    const result = runPxctl(['volume', 'inspect', 'pvc-ebe875f5-99e8-11e8-9de8-42010aa00fdd'], state, context);

    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(SAMPLE_INSPECT_TEXT);
  });

  it('accepts the id and the v i alias', () => {
    const { state } = buildSampleCluster();

    const result = runPxctl(['v', 'i', '549063659345266352'], state, context);

    expect(result.stdout).toBe(SAMPLE_INSPECT_TEXT);
  });

  it('prints a detached volume without device path or consumers', () => {
    const { state } = buildSampleCluster();
    const detached = addDetachedVolume(state);

    const result = runPxctl(['volume', 'inspect', detached.name], state, context);

    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain('\tState           \t :  detached\n');
    expect(result.stdout).not.toContain('Device Path');
    expect(result.stdout).not.toContain('Volume consumers');
    expect(result.stdout).toContain('\tReplication Status\t :  Detached\n');
    expect(result.stdout).toContain('\tSize            \t :  2.0 GiB\n');
  });

  it('reports Degraded with one replica node offline', () => {
    const { state } = buildSampleCluster();
    takeNodeOffline(state, SAMPLE_NODES[0].name);

    const result = runPxctl(['volume', 'inspect', '549063659345266352'], state, context);

    expect(result.stdout).toContain('\tReplication Status\t :  Degraded\n');
    expect(result.stdout).toContain('\tStatus          \t :  up\n');
  });

  it('reports Not in quorum with two of three offline', () => {
    const { state } = buildSampleCluster();
    takeNodeOffline(state, SAMPLE_NODES[0].name);
    takeNodeOffline(state, SAMPLE_NODES[2].name);

    const result = runPxctl(['volume', 'inspect', '549063659345266352'], state, context);

    expect(result.stdout).toContain('\tReplication Status\t :  Not in quorum\n');
    expect(result.stdout).toContain('\tStatus          \t :  down\n');
  });

  it('prints several volumes in order', () => {
    const { state } = buildSampleCluster();
    const detached = addDetachedVolume(state);

    const result = runPxctl(['volume', 'inspect', '549063659345266352', detached.id], state, context);

    expect(result.stdout.startsWith(SAMPLE_INSPECT_TEXT)).toBe(true);
    expect(result.stdout.slice(SAMPLE_INSPECT_TEXT.length)).toMatch(new RegExp(`^Volume\\t:  ${detached.id}\\n`));
  });

  it('fails on an unknown volume', () => {
    const { state } = buildSampleCluster();

    const byName = runPxctl(['volume', 'inspect', 'pvc-missing'], state, context);
    const byId = runPxctl(['volume', 'inspect', '12345'], state, context);

    expect(byName.exitCode).toBe(1);
    expect(byName.stdout).toBe('');
    expect(byName.stderr).toBe('Cannot locate volume with name pvc-missing\n');
    expect(byId.exitCode).toBe(1);
    expect(byId.stderr).toBe('Cannot locate volume with id 12345\n');
  });

  it('fails without a volume argument', () => {
    const { state } = buildSampleCluster();

    const result = runPxctl(['volume', 'inspect'], state, context);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^Error: /);
  });
});

describe('pxctl volume inspect -j', () => {
  it('prints openstorage Volume fields', () => {
    const { state } = buildSampleCluster();

    const result = runPxctl(['volume', 'inspect', '-j', '549063659345266352'], state, context);
    const [volume] = JSON.parse(result.stdout) as Array<Record<string, any>>;

    expect(result.exitCode).toBe(0);
    expect(volume?.id).toBe('549063659345266352');
    expect(volume?.locator).toEqual({ name: 'pvc-ebe875f5-99e8-11e8-9de8-42010aa00fdd', volume_labels: { namespace: 'default', pvc: 'px-mysql-pvc' } });
    expect(volume?.spec.size).toBe(String(GIB));
    expect(volume?.spec.ha_level).toBe('3');
    expect(volume?.spec.cos).toBe('low');
    expect(volume?.spec.io_profile).toBe('db');
    expect(volume?.format).toBe('xfs');
    expect(volume?.status).toBe('up');
    expect(volume?.state).toBe('attached');
    expect(volume?.attached_on).toBe(ATTACHED_NODE.id);
    expect(volume?.device_path).toBe('/dev/pxd/pxd549063659345266352');
    expect(volume?.replica_sets).toEqual([{ nodes: [SAMPLE_NODES[2].id, SAMPLE_NODES[0].id, SAMPLE_NODES[1].id] }]);
    expect(volume?.ctime).toBe('2018-08-07T02:23:50Z');
    expect(volume?.usage).toBe(String(126 * 1024 ** 2));
    expect(volume?.volume_consumers).toEqual([
      {
        name: 'mysql-8776f4ff-p7b22',
        namespace: 'default',
        type: 'Pod',
        node_id: ATTACHED_NODE.name,
        owner_name: 'mysql-8776f4ff',
        owner_type: 'ReplicaSet',
      },
    ]);
  });

  it('accepts the global flag before the command', () => {
    const { state } = buildSampleCluster();

    const result = runPxctl(['-j', 'v', 'i', '549063659345266352'], state, context);

    expect(result.exitCode).toBe(0);
    expect(JSON.parse(result.stdout)).toHaveLength(1);
  });

  it('prints a detached volume with empty attachment fields', () => {
    const { state } = buildSampleCluster();
    const detached = addDetachedVolume(state);

    const result = runPxctl(['volume', 'inspect', '--json', detached.name], state, context);
    const [volume] = JSON.parse(result.stdout) as Array<Record<string, any>>;

    expect(volume?.state).toBe('detached');
    expect(volume?.attached_on).toBe('');
    expect(volume?.device_path).toBe('');
    expect(volume?.volume_consumers).toEqual([]);
  });
});
