import { describe, expect, it } from 'vitest';
import { runPxctl } from '../../../src/lab/portworx/pxctl.js';
import { ATTACHED_NODE, GIB, SAMPLE_NODES, addDetachedVolume, buildSampleCluster, takeNodeOffline } from './sample-cluster.js';

const context = { nodeName: ATTACHED_NODE.name, now: new Date('2024-05-01T12:00:00Z') };

describe('pxctl volume list', () => {
  it('prints the header and one row per volume', () => {
    const { state } = buildSampleCluster();
    addDetachedVolume(state);

    const result = runPxctl(['volume', 'list'], state, context);
    const lines = result.stdout.trimEnd().split('\n');

    expect(result.exitCode).toBe(0);
    expect(lines).toHaveLength(3);
    expect(lines[0]?.split(/\t+/)).toEqual([
      'ID', 'NAME', 'SIZE', 'HA', 'SHARED', 'ENCRYPTED', 'PROXY-VOLUME', 'IO_PRIORITY', 'STATUS', 'SNAP-ENABLED',
    ]);
    expect(lines[1]?.split(/\t+/)).toEqual([
      '549063659345266352', 'pvc-ebe875f5-99e8-11e8-9de8-42010aa00fdd', '1 GiB', '3', 'no', 'no', 'no', 'LOW',
      'up - attached on 10.240.0.3', 'no',
    ]);
    expect(lines[2]?.split(/\t+/)[8]).toBe('up - detached');
  });

  it('aligns columns on tab stops', () => {
    const { state } = buildSampleCluster();

    const result = runPxctl(['v', 'l'], state, context);
    const [header, row] = result.stdout.split('\n');

    expect(header?.startsWith('ID\t\t\tNAME\t')).toBe(true);
    expect(row?.startsWith('549063659345266352\tpvc-')).toBe(true);
  });

  it('filters by every label pair', () => {
    const { state } = buildSampleCluster();
    addDetachedVolume(state);

    const both = runPxctl(['volume', 'list', '--label', 'namespace=orders,pvc=orders-db'], state, context);
    const mismatch = runPxctl(['volume', 'list', '--label=namespace=orders,pvc=px-mysql-pvc'], state, context);

    expect(both.stdout.trimEnd().split('\n')).toHaveLength(2);
    expect(both.stdout).toContain('pvc-0d6c1b52-detached');
    expect(mismatch.stdout.trimEnd().split('\n')).toHaveLength(1);
  });

  it('rejects a malformed label selector', () => {
    const { state } = buildSampleCluster();

    const result = runPxctl(['volume', 'list', '-l', 'namespace'], state, context);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe('Error: invalid label "namespace": expected name=value\n');
  });
});

describe('pxctl volume update', () => {
  it('grows the volume and prints the success line', () => {
    const { state } = buildSampleCluster();

    const update = runPxctl(['volume', 'update', '549063659345266352', '--size=2'], state, context);
    const inspect = runPxctl(['volume', 'inspect', '549063659345266352'], state, context);

    expect(update).toEqual({
      stdout: 'Update Volume: Volume update successful for volume 549063659345266352\n',
      stderr: '',
      exitCode: 0,
    });
    expect(inspect.stdout).toContain('\tSize            \t :  2.0 GiB\n');
  });

  it('refuses to shrink', () => {
    const { state, volume } = buildSampleCluster();
    volume.sizeBytes = 5 * GIB;

    const result = runPxctl(['volume', 'update', '--size', '2', volume.name], state, context);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('smaller than the current size 5.0 GiB');
    expect(volume.sizeBytes).toBe(5 * GIB);
  });

  it('rejects a size that is not a whole number', () => {
    const { state, volume } = buildSampleCluster();

    const result = runPxctl(['volume', 'update', volume.id, '--size=1.5'], state, context);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^Error: invalid argument "1.5" for "--size" flag/);
  });

  it('fails on an unknown volume', () => {
    const { state } = buildSampleCluster();

    const result = runPxctl(['volume', 'update', 'pvc-missing', '--size=3'], state, context);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe('Update Volume: Cannot locate volume with name pvc-missing\n');
  });
});

describe('pxctl volume ha-update', () => {
  it('removes a replica and adds one back on an online node', () => {
    const { state, volume } = buildSampleCluster();

    const down = runPxctl(['volume', 'ha-update', '--repl', '2', volume.id], state, context);

    expect(down.exitCode).toBe(0);
    expect(down.stdout).toBe(`Update Volume Replication: Replication update started successfully for volume ${volume.id}\n`);
    expect(volume.replicaNodeIds).toEqual([SAMPLE_NODES[2].id, SAMPLE_NODES[1].id]);
    expect(volume.haLevel).toBe(2);

    const up = runPxctl(['volume', 'ha-update', '--repl=3', volume.id], state, context);

    expect(up.exitCode).toBe(0);
    expect(volume.replicaNodeIds).toEqual([SAMPLE_NODES[2].id, SAMPLE_NODES[1].id, SAMPLE_NODES[0].id]);
    expect(volume.haLevel).toBe(3);
  });

  it('removes the offline replica first', () => {
    const { state, volume } = buildSampleCluster();
    takeNodeOffline(state, SAMPLE_NODES[2].name);

    runPxctl(['volume', 'ha-update', '-r', '2', volume.name], state, context);

    expect(volume.replicaNodeIds).toEqual([SAMPLE_NODES[0].id, SAMPLE_NODES[1].id]);
  });

  it('removes the replica on the node named by --node', () => {
    const { state, volume } = buildSampleCluster();

    const result = runPxctl(['volume', 'ha-update', '--repl', '2', '--node', '10.240.0.3', volume.name], state, context);

    expect(result.exitCode).toBe(0);
    expect(volume.replicaNodeIds).toEqual([SAMPLE_NODES[2].id, SAMPLE_NODES[0].id]);
  });

  it('never adds a replica on an offline node', () => {
    const { state, volume } = buildSampleCluster();
    runPxctl(['volume', 'ha-update', '--repl', '2', '--node', SAMPLE_NODES[0].id, volume.id], state, context);
    takeNodeOffline(state, SAMPLE_NODES[0].name);

    const result = runPxctl(['volume', 'ha-update', '--repl', '3', volume.id], state, context);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('no online node without a replica of this volume');
    expect(volume.replicaNodeIds).toHaveLength(2);
  });

  it('rejects a change of more than one', () => {
    const { state, volume } = buildSampleCluster();

    const result = runPxctl(['volume', 'ha-update', '--repl', '1', volume.id], state, context);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('HA level can change by one at a time');
    expect(volume.replicaNodeIds).toHaveLength(3);
  });

  it('requires --repl', () => {
    const { state, volume } = buildSampleCluster();

    const result = runPxctl(['volume', 'ha-update', volume.id], state, context);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe('Error: required flag "repl" not set\n');
  });
});

describe('pxctl status', () => {
  it('prints this node and the cluster summary', () => {
    const { state } = buildSampleCluster();
    takeNodeOffline(state, SAMPLE_NODES[2].name);

    const result = runPxctl(['status'], state, context);
    const lines = result.stdout.split('\n');

    expect(result.exitCode).toBe(0);
    expect(lines[0]).toBe('Status: PX is operational');
    expect(lines).toContain(`Node ID: ${ATTACHED_NODE.id}`);
    expect(lines).toContain('\tIP: 10.240.0.3 ');
    expect(lines).toContain('Cluster Summary');
    expect(lines).toContain('\tCluster ID: px-cluster');
    expect(lines).toContain('\tNodes: 3 node(s) with storage (2 online)');
    const thisRow = lines.find((line) => line.startsWith('\t10.240.0.3\t'));
    expect(thisRow?.split(/\t+/)).toContain('Up (This node)');
    const offlineRow = lines.find((line) => line.startsWith('\t10.240.0.4\t'));
    expect(offlineRow?.split(/\t+/)).toContain('Offline');
    expect(lines).toContain('Global Storage Pool');
  });

  it('fails on a node that runs no Portworx', () => {
    const { state } = buildSampleCluster();

    const result = runPxctl(['status'], state, { nodeName: 'gke-other-node' });

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe('PX is not running on this host\n');
  });
});

describe('pxctl command line errors', () => {
  it('rejects an unknown command', () => {
    const { state } = buildSampleCluster();

    const result = runPxctl(['snapshot-all'], state, context);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe('Error: unknown command "snapshot-all" for "pxctl"\nRun \'pxctl --help\' for usage.\n');
  });

  it('rejects an unknown volume subcommand', () => {
    const { state } = buildSampleCluster();

    const result = runPxctl(['volume', 'explode'], state, context);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('unknown command "explode" for "pxctl volume"');
  });

  it('rejects unknown flags', () => {
    const { state } = buildSampleCluster();

    const long = runPxctl(['volume', 'inspect', '--bogus', 'x'], state, context);
    const short = runPxctl(['volume', 'inspect', '-x', 'x'], state, context);
    const leading = runPxctl(['--repl', '2', 'volume', 'list'], state, context);

    expect(long).toEqual({ stdout: '', stderr: 'Error: unknown flag: --bogus\n', exitCode: 1 });
    expect(short.stderr).toBe("Error: unknown shorthand flag: 'x' in -x\n");
    expect(leading.stderr).toBe('Error: unknown flag: --repl\n');
  });

  it('rejects a flag without its value', () => {
    const { state } = buildSampleCluster();

    const result = runPxctl(['volume', 'update', '549063659345266352', '--size'], state, context);

    expect(result.exitCode).toBe(1);
    expect(result.stderr).toBe('Error: flag needs an argument: --size\n');
  });

  it('prints usage for help and no arguments', () => {
    const { state } = buildSampleCluster();

    expect(runPxctl([], state, context).stdout).toContain('Usage:');
    expect(runPxctl(['volume', 'inspect', '--help'], state, context).stdout).toContain('pxctl volume inspect');
  });
});
