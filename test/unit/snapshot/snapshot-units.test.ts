import { describe, expect, it } from 'vitest';
import { snapshotJob } from '../../../commands/snapshot.js';
import { formatAge } from '../../../commands/snapshots.js';
import { parseFingerprintAnnotation } from '../../../jobs/snapshot/snapshot-records.js';
import { defaultSnapshotName, isSnapshotName } from '../../../jobs/snapshot/snapshot-names.js';
import { snapshotStatusOf } from '../../../src/kube/volume-snapshots.js';
import { UserInputError } from '../../../src/errors.js';
import { LAB_TARGET } from '../../integration/failover/failover-harness.js';

const requester = { target: LAB_TARGET, userId: 'U0REQUEST', channelId: 'C0OPS', triggerId: 'trigger-1', locale: 'en' as const };

describe('defaultSnapshotName', () => {
  it('appends the UTC date and time', () => {
    expect(defaultSnapshotName('px-mysql-pvc', new Date('2024-05-01T13:45:02.999Z'))).toBe('px-mysql-pvc-20240501-134502');
  });

  it('shortens a long PVC name', () => {
    const name = defaultSnapshotName(`${'a'.repeat(240)}-.b`, new Date('2024-05-01T00:00:00Z'));
    expect(name.length).toBeLessThanOrEqual(253);
    expect(isSnapshotName(name)).toBe(true);
  });
});

describe('isSnapshotName', () => {
  it.each(['daily', 'px-mysql-pvc-20240501-134502', 'a.b-c', 'x'.repeat(253)])('accepts %s', (name) => {
    expect(isSnapshotName(name)).toBe(true);
  });

  it.each(['', 'Daily', '-daily', 'daily-', 'a..b', 'a.-b', 'snap_1', 'x'.repeat(254)])('rejects %j', (name) => {
    expect(isSnapshotName(name)).toBe(false);
  });
});

describe('snapshotJob', () => {
  it('uses the given name', () => {
    const job = snapshotJob({ ...requester, name: 'before-upgrade' });
    expect(job).toEqual({ operation: 'snapshot', target: 'orders-db', requestedBy: 'U0REQUEST', channel: 'C0OPS', triggerId: 'trigger-1', locale: 'en', snapshotName: 'before-upgrade' });
  });

  it('names the snapshot after the PVC', () => {
    const job = snapshotJob({ ...requester, name: undefined, now: new Date('2024-12-31T23:59:59Z') });
    expect(job.snapshotName).toBe('px-mysql-pvc-20241231-235959');
  });

  it('rejects an invalid name', () => {
    const build = () => snapshotJob({ ...requester, name: 'Before_Upgrade' });
    expect(build).toThrow(UserInputError);
    expect(build).toThrow(expect.objectContaining({ messageKey: 'snapshot.invalidName', messageParams: { name: 'Before_Upgrade' } }));
  });
});

describe('parseFingerprintAnnotation', () => {
  const fingerprint = { databases: ['shop'], tables: [{ database: 'shop', table: 'orders', rowCount: 3, checksum: '12' }] };

  it('parses a fingerprint', () => {
    expect(parseFingerprintAnnotation(JSON.stringify(fingerprint))).toEqual(fingerprint);
  });

  it.each([undefined, '', 'not json', '[]', '{"databases":["a"]}', '{"databases":[],"tables":[{"table":"t"}]}'])('ignores %j', (value) => {
    expect(parseFingerprintAnnotation(value)).toBeUndefined();
  });
});

describe('snapshotStatusOf', () => {
  it('reads a CSI snapshot', () => {
    expect(snapshotStatusOf('csi', {})).toEqual({ ready: false, cut: false, error: undefined });
    expect(snapshotStatusOf('csi', { status: { creationTime: '2024-05-01T00:00:00Z', readyToUse: false } })).toEqual({ ready: false, cut: true, error: undefined });
    expect(snapshotStatusOf('csi', { status: { readyToUse: true } })).toEqual({ ready: true, cut: true, error: undefined });
    expect(snapshotStatusOf('csi', { status: { readyToUse: false, error: { message: 'class not found' } } }).error).toBe('class not found');
  });

  it('reads a STORK snapshot', () => {
    expect(snapshotStatusOf('stork', { spec: { snapshotDataName: 'k8s-volume-snapshot-1' } })).toEqual({ ready: false, cut: true, error: undefined });
    expect(snapshotStatusOf('stork', { status: { conditions: [{ type: 'Ready', status: 'True' }] } }).ready).toBe(true);
    expect(snapshotStatusOf('stork', { status: { conditions: [{ type: 'Error', status: 'True', message: 'PVC not bound' }] } })).toEqual({ ready: false, cut: false, error: 'PVC not bound' });
  });
});

describe('formatAge', () => {
  const now = new Date('2024-05-03T12:00:00Z');

  it.each([
    ['2024-05-03T11:59:30Z', '0 min'],
    ['2024-05-03T10:01:00Z', '119 min'],
    ['2024-05-03T10:00:00Z', '2 h'],
    ['2024-05-01T12:00:01Z', '47 h'],
    ['2024-05-01T12:00:00Z', '2 d'],
    [undefined, 'unknown'],
  ])('formats %s', (createdAt, expected) => {
    expect(formatAge('en', createdAt, now)).toBe(expected);
  });
});
