import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../commands/parse-command.js';
import { checkPassed, summarizeCheck } from '../../../jobs/drill/check-data-step.js';
import { restoreDrillJobData, type DrillCheckResult } from '../../../jobs/drill/drill-data.js';
import { drillName } from '../../../jobs/drill/drill-names.js';
import { drillReportLines } from '../../../jobs/drill/drill-report.js';
import { formatDuration } from '../../../jobs/drill/format-duration.js';
import { newestReadySnapshot } from '../../../jobs/drill/pick-snapshot-step.js';
import { restoredDeployment } from '../../../jobs/restore/clone-steps.js';
import type { SnapshotRecord } from '../../../jobs/snapshot/snapshot-records.js';
import { UserInputError } from '../../../src/errors.js';
import { interpretCheckRows } from '../../../src/mysql/check-tables.js';
import { compareFingerprints } from '../../../src/mysql/fingerprint-compare.js';
import { jobIdFor } from '../../../src/queue/job-data.js';
import { userText } from '../../../src/slack/user-text.js';

const LABEL_VALUE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

describe('drillName', () => {
  it('is stable for one job', () => {
    expect(drillName('mysql', 'restore-drill-T1')).toBe(drillName('mysql', 'restore-drill-T1'));
  });

  it('differs between jobs', () => {
    expect(drillName('mysql', 'restore-drill-T1')).not.toBe(drillName('mysql', 'restore-drill-T2'));
  });

  it('starts with the Deployment name', () => {
    expect(drillName('mysql', 'job')).toMatch(/^mysql-drill-[0-9a-f]{8}$/);
  });

  it('stays a valid label value for long names', () => {
    const name = drillName(`${'a'.repeat(60)}-b`, 'job');
    expect(name.length).toBeLessThanOrEqual(63);
    expect(name).toMatch(LABEL_VALUE);
    expect(`${name}-data`.length).toBeLessThanOrEqual(253);
  });

  it('replaces characters outside a label', () => {
    expect(drillName('My_DB', 'job')).toMatch(/^my-db-drill-[0-9a-f]{8}$/);
  });
});

function record(name: string, ready: boolean, createdAt: string | undefined): SnapshotRecord {
  return { name, api: 'csi', pvc: 'px-mysql-pvc', ready, restoreSize: '1Gi', fingerprint: undefined, createdAt, error: undefined, createdByJob: undefined };
}

describe('newestReadySnapshot', () => {
  it('picks the newest ready one', () => {
    const records = [
      record('old', true, '2026-12-01T00:00:00Z'),
      record('newest-not-ready', false, '2026-12-04T00:00:00Z'),
      record('new', true, '2026-12-03T00:00:00Z'),
    ];
    expect(newestReadySnapshot(records)?.name).toBe('new');
  });

  it('returns undefined when none is ready', () => {
    expect(newestReadySnapshot([record('a', false, '2026-12-01T00:00:00Z')])).toBeUndefined();
    expect(newestReadySnapshot([])).toBeUndefined();
  });

  it('puts a snapshot without a time last', () => {
    expect(newestReadySnapshot([record('no-time', true, undefined), record('timed', true, '2020-01-01T00:00:00Z')])?.name).toBe('timed');
  });
});

describe('interpretCheckRows', () => {
  it('passes an OK status', () => {
    expect(interpretCheckRows('db.t', [{ Table: 'db.t', Op: 'check', Msg_type: 'status', Msg_text: 'OK' }])).toEqual({ table: 'db.t', ok: true, message: '' });
  });

  it('fails on error rows and a bad status', () => {
    const check = interpretCheckRows('db.t', [
      { Msg_type: 'error', Msg_text: "Table './db/t' is marked as crashed" },
      { Msg_type: 'status', Msg_text: 'Corrupt' },
    ]);
    expect(check.ok).toBe(false);
    expect(check.message).toBe("Table './db/t' is marked as crashed; Corrupt");
  });

  it('passes an engine that cannot check', () => {
    expect(interpretCheckRows('db.t', [{ Msg_type: 'note', Msg_text: "The storage engine for the table doesn't support check" }]).ok).toBe(true);
  });
});

describe('summarizeCheck', () => {
  const before = {
    databases: ['a', 'b'],
    tables: [
      { database: 'a', table: 'same', rowCount: 1, checksum: '1' },
      { database: 'a', table: 'changed', rowCount: 1, checksum: '1' },
      { database: 'a', table: 'gone', rowCount: 1, checksum: '1' },
    ],
  };
  const after = {
    databases: ['a'],
    tables: [
      { database: 'a', table: 'same', rowCount: 1, checksum: '1' },
      { database: 'a', table: 'changed', rowCount: 2, checksum: '2' },
    ],
  };

  it('lists differing, missing tables and databases', () => {
    const summary = summarizeCheck([], compareFingerprints(before, after), 5);
    expect(summary.differingTables).toEqual(['a.changed', 'a.gone', 'b (database)']);
    expect(summary.matchingTables).toBe(1);
    expect(summary.fingerprintCompared).toBe(true);
    expect(checkPassed(summary)).toBe(false);
  });

  it('passes equal data and sound tables', () => {
    const checks = [{ table: 'a.same', ok: true, message: '' }];
    const summary = summarizeCheck(checks, compareFingerprints(after, after), 5);
    expect(summary).toEqual({ tablesChecked: 1, failedChecks: [], fingerprintCompared: true, matchingTables: 2, differingTables: [], mysqlReadyAt: 5 });
    expect(checkPassed(summary)).toBe(true);
  });

  it('fails on a failed CHECK TABLE', () => {
    const summary = summarizeCheck([{ table: 'a.t', ok: false, message: 'Corrupt' }], undefined, 5);
    expect(summary.failedChecks).toEqual([{ table: 'a.t', message: 'Corrupt' }]);
    expect(summary.fingerprintCompared).toBe(false);
    expect(checkPassed(summary)).toBe(false);
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0.0 s'],
    [-5_000, '0.0 s'],
    [44_640, '44.6 s'],
    [59_960, '1 min 0 s'],
    [200_000, '3 min 20 s'],
    [7_500_000, '2 h 5 min'],
    [273_600_000, '3 d 4 h'],
  ])('formats %i ms as %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});

describe('drillReportLines', () => {
  const check: DrillCheckResult = { tablesChecked: 3, failedChecks: [], fingerprintCompared: true, matchingTables: 3, differingTables: [], mysqlReadyAt: 100_000 };
  const facts = { target: 'orders-db', snapshot: 'snap-1', snapshotCreatedAt: 0, startedAt: 7_200_000 - 100_000, check: { ...check, mysqlReadyAt: 7_200_000 } };
  const en = (key: string, params = {}) => userText('en', key, params);

  it('reports a passed drill', () => {
    const lines = drillReportLines(en, facts);
    expect(lines[0]).toContain('passed');
    expect(lines).toContain('Recovery point age: 1 h 58 min (snapshot `snap-1`).');
    expect(lines.some((line) => line.startsWith('Time to restore: 1 min 40 s'))).toBe(true);
    expect(lines).toContain('`CHECK TABLE` passed on 3 of 3 table(s).');
    expect(lines).toContain('Fingerprint: all 3 table(s) match the fingerprint recorded on the snapshot.');
  });

  it('names failed checks and differing tables', () => {
    const failed = { ...facts.check, failedChecks: [{ table: 'a.t', message: 'Corrupt' }], differingTables: ['a.u'], matchingTables: 1 };
    const lines = drillReportLines(en, { ...facts, check: failed });
    expect(lines[0]).toContain('failed');
    expect(lines).toContain('`CHECK TABLE` passed on 2 of 3 table(s).');
    expect(lines).toContain('`CHECK TABLE` failed on 1 table(s): a.t (Corrupt)');
    expect(lines.some((line) => line.includes('1 table(s) differ') && line.includes('a.u'))).toBe(true);
  });

  it('warns when nothing was compared', () => {
    const lines = drillReportLines(en, { ...facts, snapshotCreatedAt: undefined, check: { ...facts.check, fingerprintCompared: false, matchingTables: 0 } });
    expect(lines.some((line) => line.includes('no recorded fingerprint'))).toBe(true);
    expect(lines).toContain('Recovery point age: ? (snapshot `snap-1`).');
  });

  it('renders in Simplified Chinese', () => {
    const lines = drillReportLines((key, params = {}) => userText('zh-CN', key, params), facts);
    expect(lines[0]).toContain('恢复演练通过');
    expect(lines).toContain('`CHECK TABLE` 通过 3/3 张表。');
  });
});

describe('drill command', () => {
  it('parses an optional target', () => {
    expect(parseCommand('drill')).toEqual({ subcommand: 'drill', target: undefined });
    expect(parseCommand('drill orders-db')).toEqual({ subcommand: 'drill', target: 'orders-db' });
  });

  it('rejects extra arguments', () => {
    expect(() => parseCommand('drill orders-db now')).toThrow(UserInputError);
  });

  it('builds job data a scheduler can enqueue', () => {
    const data = restoreDrillJobData({ target: 'orders-db', requestedBy: 'U1', channel: 'C1', triggerId: 'schedule-1', locale: 'en' });
    expect(data).toEqual({ operation: 'restore-drill', target: 'orders-db', requestedBy: 'U1', channel: 'C1', triggerId: 'schedule-1', locale: 'en' });
    expect(jobIdFor(data.operation, data.triggerId)).toBe('restore-drill-schedule-1');
  });
});

describe('restoredDeployment extra labels', () => {
  it('labels the template but keeps the selector', () => {
    const original = {
      spec: {
        selector: { matchLabels: { app: 'mysql' } },
        template: { metadata: { labels: { app: 'mysql' } }, spec: { containers: [], volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'pvc' } }] } },
      },
    };
    const deployment = restoredDeployment(original, {
      name: 'mysql-drill-1',
      namespace: 'default',
      claimName: 'mysql-drill-1-data',
      targetClaim: 'pvc',
      jobId: 'job',
      snapshot: 's',
      extraLabels: { 'pxmysql.io/drill': 'mysql-drill-1', app: 'ignored' },
    });
    expect(deployment.spec?.selector.matchLabels).toEqual({ app: 'mysql-drill-1' });
    expect(deployment.spec?.template.metadata?.labels).toEqual({ 'pxmysql.io/drill': 'mysql-drill-1', app: 'mysql-drill-1' });
    expect(deployment.metadata?.labels).toEqual({ 'pxmysql.io/drill': 'mysql-drill-1', app: 'mysql-drill-1' });
  });
});
