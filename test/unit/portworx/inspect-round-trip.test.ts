import { describe, expect, it } from 'vitest';
import type { PortworxClusterState, PortworxVolume } from '../../../src/lab/portworx/cluster-state.js';
import { runPxctl } from '../../../src/lab/portworx/pxctl.js';
import { parseVolumeInspectJson } from '../../../src/portworx/parse-inspect-json.js';
import { parseVolumeInspectText } from '../../../src/portworx/parse-inspect-text.js';
import {
  ATTACHED_NODE,
  MIB,
  SAMPLE_NODES,
  addDetachedVolume,
  buildSampleCluster,
  takeNodeOffline,
} from '../lab-portworx/sample-cluster.js';

const context = { nodeName: ATTACHED_NODE.name };

function inspect(state: PortworxClusterState, volume: PortworxVolume, json: boolean): string {
  const args = json ? ['volume', 'inspect', '-j', volume.id] : ['volume', 'inspect', volume.id];
  const result = runPxctl(args, state, context);
  expect(result.exitCode).toBe(0);
  return result.stdout;
}

function ipsOf(volume: PortworxVolume, state: PortworxClusterState): string[] {
  return volume.replicaNodeIds.map((nodeId) => state.nodes.get(nodeId)?.ip ?? '');
}

describe('lab pxctl output parsed by the bot', () => {
  it('round-trips an attached volume', () => {
    const { state, volume } = buildSampleCluster();

    const [text] = parseVolumeInspectText(inspect(state, volume, false));
    const [json] = parseVolumeInspectJson(inspect(state, volume, true));

    expect(text?.attachedNode).toBe(ATTACHED_NODE.name);
    expect(text?.replicaNodes).toEqual(ipsOf(volume, state));
    expect(text?.replicationStatus).toBe('Up');
    expect(json?.attachedNode).toBe(ATTACHED_NODE.id);
    expect(json?.replicaNodes).toEqual(volume.replicaNodeIds);
    for (const summary of [text, json]) {
      expect(summary?.id).toBe(volume.id);
      expect(summary?.name).toBe(volume.name);
      expect(summary?.sizeBytes).toBe(volume.sizeBytes);
      expect(summary?.haLevel).toBe(3);
      expect(summary?.format).toBe('xfs');
      expect(summary?.ioPriority).toBe('LOW');
      expect(summary?.status).toBe('up');
      expect(summary?.labels).toEqual(volume.labels);
      expect(summary?.bytesUsed).toBe(126 * MIB);
      expect(summary?.consumers).toEqual([
        { name: 'mysql-8776f4ff-p7b22', namespace: 'default', runningOn: ATTACHED_NODE.name },
      ]);
    }
  });

  it('round-trips a detached volume', () => {
    const { state } = buildSampleCluster();
    const volume = addDetachedVolume(state);

    const [text] = parseVolumeInspectText(inspect(state, volume, false));
    const [json] = parseVolumeInspectJson(inspect(state, volume, true));

    expect(text?.replicationStatus).toBe('Detached');
    expect(text?.replicaNodes).toEqual(ipsOf(volume, state));
    for (const summary of [text, json]) {
      expect(summary?.id).toBe(volume.id);
      expect(summary?.attachedNode).toBeUndefined();
      expect(summary?.consumers).toEqual([]);
      expect(summary?.sizeBytes).toBe(volume.sizeBytes);
      expect(summary?.format).toBe('ext4');
      expect(summary?.ioPriority).toBe('HIGH');
      expect(summary?.haLevel).toBe(2);
    }
  });

  it('round-trips a degraded volume', () => {
    const { state, volume } = buildSampleCluster();
    takeNodeOffline(state, SAMPLE_NODES[2].name);

    const [text] = parseVolumeInspectText(inspect(state, volume, false));
    const [json] = parseVolumeInspectJson(inspect(state, volume, true));

    expect(text?.replicationStatus).toBe('Degraded');
    expect(text?.replicaNodes).toEqual(ipsOf(volume, state));
    expect(text?.status).toBe('up');
    expect(json?.status).toBe('up');
    expect(json?.replicaNodes).toEqual(volume.replicaNodeIds);
  });

  it('round-trips a volume without quorum', () => {
    const { state, volume } = buildSampleCluster();
    takeNodeOffline(state, SAMPLE_NODES[0].name);
    takeNodeOffline(state, SAMPLE_NODES[2].name);

    const [text] = parseVolumeInspectText(inspect(state, volume, false));
    const [json] = parseVolumeInspectJson(inspect(state, volume, true));

    expect(text?.replicationStatus).toBe('Not in quorum');
    expect(text?.status).toBe('down');
    expect(json?.status).toBe('down');
  });

  it('round-trips several volumes in one call', () => {
    const { state, volume } = buildSampleCluster();
    const detached = addDetachedVolume(state);

    const text = runPxctl(['volume', 'inspect', volume.id, detached.name], state, context).stdout;
    const json = runPxctl(['volume', 'inspect', '-j', volume.id, detached.name], state, context).stdout;

    expect(parseVolumeInspectText(text).map((summary) => summary.id)).toEqual([volume.id, detached.id]);
    expect(parseVolumeInspectJson(json).map((summary) => summary.id)).toEqual([volume.id, detached.id]);
  });

  it('shows the grown size after volume update', () => {
    const { state, volume } = buildSampleCluster();

    runPxctl(['volume', 'update', volume.name, '--size=2'], state, context);

    expect(parseVolumeInspectText(inspect(state, volume, false))[0]?.sizeBytes).toBe(2 * 1024 ** 3);
    expect(parseVolumeInspectJson(inspect(state, volume, true))[0]?.sizeBytes).toBe(2 * 1024 ** 3);
  });
});
