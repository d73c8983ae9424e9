import { describe, expect, it } from 'vitest';
import { scheduledSnapshotName } from '../../../jobs/scheduled-snapshot/run-scheduled-snapshot.js';
import { scheduledSnapshotJobData } from '../../../jobs/scheduled-snapshot/scheduled-snapshot-data.js';
import { scheduledSnapshotNotice } from '../../../jobs/scheduled-snapshot/scheduled-snapshot-notice.js';
import { scheduledJobData } from '../../../src/schedules/schedule-jobs.js';
import type { ScheduleSpec } from '../../../src/schedules/schedule-types.js';

const SPEC: ScheduleSpec = {
  id: 'snapshot-orders-db',
  kind: 'snapshot',
  target: 'orders-db',
  cron: '0 */6 * * *',
  timezone: 'UTC',
  keep: 2,
  channel: 'C0LABOPS1',
  createdBy: 'U0LABONC1',
  source: 'command',
  updatedAt: '2026-12-04T12:00:00.000Z',
  locale: 'en',
};

describe('scheduledJobData', () => {
  it('builds a scheduled snapshot', () => {
    expect(scheduledJobData(SPEC)).toMatchObject({ operation: 'scheduled-snapshot', target: 'orders-db', channel: 'C0LABOPS1', triggerId: SPEC.id, schedule: SPEC });
  });

  it('builds a restore drill with its schedule', () => {
    const drill = { ...SPEC, id: 'drill-orders-db', kind: 'drill' as const, keep: undefined };
    expect(scheduledJobData(drill)).toMatchObject({ operation: 'restore-drill', target: 'orders-db', requestedBy: 'U0LABONC1', schedule: drill });
  });
});

describe('scheduledSnapshotName', () => {
  it('uses the planned run time', () => {
    const job = { timestamp: Date.UTC(2026, 11, 4, 11, 59, 58), opts: { delay: 2_000 } };
    expect(scheduledSnapshotName('px-mysql-pvc', job)).toBe('px-mysql-pvc-scheduled-20261204-120000');
  });
});

describe('scheduledSnapshotNotice', () => {
  const result = {
    name: 'px-mysql-pvc-scheduled-20261204-120000',
    api: 'stork' as const,
    fingerprint: { databases: [], tables: [] },
    sentinelAt: '2026-12-04T12:00:00.500Z',
    startedAt: '2026-12-04T12:00:00.000Z',
    readyAt: '2026-12-04T12:00:02.500Z',
    restoreSize: '1Gi',
    lockedUntilCut: true,
    reused: false,
  };

  it('names snapshot, size, time and retention', () => {
    const data = { ...scheduledSnapshotJobData(SPEC), scheduled: { completedSteps: ['snapshot', 'retention'], result, retained: 2, deleted: ['old-a', 'old-b'] } };
    const notice = scheduledSnapshotNotice(data, 'succeeded');
    expect(notice.text).toContain('`px-mysql-pvc-scheduled-20261204-120000`');
    expect(notice.text).toContain('1Gi, took 2.5 s');
    expect(notice.text).toContain('keeps 2 snapshot(s)');
    expect(notice.text).toContain('deleted: `old-a`, `old-b`');
    expect(notice.blocks).toHaveLength(1);
  });

  it('says none deleted', () => {
    const data = { ...scheduledSnapshotJobData(SPEC), scheduled: { completedSteps: [], result, retained: 1, deleted: [] } };
    expect(scheduledSnapshotNotice(data, 'succeeded').text).toContain('deleted: none');
  });

  it('reports a failure without reason', () => {
    expect(scheduledSnapshotNotice(scheduledSnapshotJobData(SPEC), 'failed').text).toContain('failed (schedule `snapshot-orders-db`)');
  });

  it('mentions nobody in Chinese', () => {
    const text = scheduledSnapshotNotice({ ...scheduledSnapshotJobData(SPEC), locale: 'zh-CN' }, 'running').text;
    expect(text).toContain('定时快照正在执行');
    expect(text).not.toContain('<@');
  });
});
