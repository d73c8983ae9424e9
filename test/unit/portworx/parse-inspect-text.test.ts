import { describe, expect, it } from 'vitest';
import { PxmysqlError } from '../../../src/errors.js';
import { parseVolumeInspectText } from '../../../src/portworx/parse-inspect-text.js';
import type { VolumeSummary } from '../../../src/portworx/volume-summary.js';
import { SAMPLE_INSPECT_TEXT } from '../lab-portworx/sample-cluster.js';

const MIB = 1024 ** 2;

const SAMPLE_SUMMARY: VolumeSummary = {
  id: '549063659345266352',
  name: 'pvc-ebe875f5-99e8-11e8-9de8-42010aa00fdd',
  sizeBytes: 1024 ** 3,
  format: 'xfs',
  haLevel: 3,
  ioPriority: 'LOW',
  status: 'up',
  attachedNode: 'gke-gke-px-default-pool-177a3f0b-st0n',
  replicaNodes: ['10.240.0.4', '10.240.0.2', '10.240.0.3'],
  replicationStatus: 'Up',
  consumers: [
    { name: 'mysql-8776f4ff-p7b22', namespace: 'default', runningOn: 'gke-gke-px-default-pool-177a3f0b-st0n' },
  ],
  labels: { namespace: 'default', pvc: 'px-mysql-pvc' },
  bytesUsed: 126 * MIB,
};

/** A detached volume in the older layout: "Set  0", node lines without a pool, no consumers. */
const OLDER_DETACHED_TEXT = [
  'Volume\t:  970758537931791410',
  '\tName            \t :  clitest',
  '\tSize            \t :  1.0 GiB',
  '\tFormat          \t :  ext4',
  '\tHA              \t :  1',
  '\tIO Priority     \t :  LOW',
  '\tCreation time   \t :  Feb 26 16:29:53 UTC 2019',
  '\tShared          \t :  no',
  '\tStatus          \t :  up',
  '\tState           \t :  detached',
  '\tBytes used      \t :  33 MiB',
  '\tReplica sets on nodes:',
  '\t\tSet  0',
  '\t\t\tNode \t :  10.99.117.133',
  '\tReplication Status\t :  Detached',
  '',
].join('\n');

function errorOf(run: () => unknown): PxmysqlError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(PxmysqlError);
    return error as PxmysqlError;
  }
  throw new Error('expected an error, but the call returned');
}

describe('parseVolumeInspectText', () => {
  it('parses the sample to the expected summary', () => {
    expect(parseVolumeInspectText(SAMPLE_INSPECT_TEXT)).toEqual([SAMPLE_SUMMARY]);
  });

  it('leaves replicationStatus undefined without its line', () => {
    const text = SAMPLE_INSPECT_TEXT.replace('\tReplication Status\t :  Up\n', '');

    const [summary] = parseVolumeInspectText(text);

    expect(summary?.replicationStatus).toBeUndefined();
    expect(summary?.replicaNodes).toEqual(['10.240.0.4', '10.240.0.2', '10.240.0.3']);
    expect(summary?.consumers).toHaveLength(1);
  });

  it('parses the older detached layout', () => {
    const [summary] = parseVolumeInspectText(OLDER_DETACHED_TEXT);

    expect(summary?.id).toBe('970758537931791410');
    expect(summary?.attachedNode).toBeUndefined();
    expect(summary?.replicaNodes).toEqual(['10.99.117.133']);
    expect(summary?.replicationStatus).toBe('Detached');
    expect(summary?.consumers).toEqual([]);
    expect(summary?.labels).toEqual({});
    expect(summary?.bytesUsed).toBe(33 * MIB);
  });

  it('parses several volumes in one output', () => {
    const summaries = parseVolumeInspectText(SAMPLE_INSPECT_TEXT + OLDER_DETACHED_TEXT);

    expect(summaries.map((summary) => summary.id)).toEqual(['549063659345266352', '970758537931791410']);
    expect(summaries[0]?.replicaNodes).toHaveLength(3);
    expect(summaries[1]?.replicaNodes).toEqual(['10.99.117.133']);
  });

  it('tolerates spaces in place of tabs', () => {
    const spaced = SAMPLE_INSPECT_TEXT.replace(/\t/g, '    ').replace(/ {2}:/g, ' :');

    expect(parseVolumeInspectText(spaced)).toEqual([SAMPLE_SUMMARY]);
  });

  it('keeps node ids printed in the State line', () => {
    const text = SAMPLE_INSPECT_TEXT.replace(
      'Attached: gke-gke-px-default-pool-177a3f0b-st0n (10.240.0.3)',
      'Attached: 3a1e9f0c-5b7d-4c8e-9f3a-502e658bc307 (10.240.0.3)',
    );

    expect(parseVolumeInspectText(text)[0]?.attachedNode).toBe('3a1e9f0c-5b7d-4c8e-9f3a-502e658bc307');
  });

  it('skips an HA-Increase line among the replicas', () => {
    const text = SAMPLE_INSPECT_TEXT.replace(
      '\t\t  Node \t\t : 10.240.0.3 (Pool 0)\n',
      '\t\t  Node \t\t : 10.240.0.3 (Pool 0)\n\t\t  HA-Increase on : 10.240.0.9 (Pool 0)\n',
    );

    expect(parseVolumeInspectText(text)[0]?.replicaNodes).toEqual(['10.240.0.4', '10.240.0.2', '10.240.0.3']);
  });

  it('names a missing required line', () => {
    const text = SAMPLE_INSPECT_TEXT.replace('\tHA              \t :  3\n', '');

    const error = errorOf(() => parseVolumeInspectText(text));

    expect(error.code).toBe('pxctl_output_invalid');
    expect(error.message).toContain('volume 549063659345266352 has no "HA" line');
  });

  it('rejects output without a volume', () => {
    const error = errorOf(() => parseVolumeInspectText('Cannot locate volume with name pvc-x\n'));

    expect(error.code).toBe('pxctl_output_invalid');
    expect(error.message).toContain('no "Volume :" line');
  });

  it('rejects an unreadable size', () => {
    const text = SAMPLE_INSPECT_TEXT.replace('1.0 GiB', 'one gig');

    const error = errorOf(() => parseVolumeInspectText(text));

    expect(error.message).toContain('invalid size "one gig"');
  });
});
