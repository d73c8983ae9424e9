import type { Locale } from '../../src/config/app-config.js';
import type { Fingerprint } from '../../src/mysql/fingerprint.js';
import { fields, section } from '../../src/slack/blocks/builders.js';
import type { OutgoingMessage } from '../../src/slack/blocks/types.js';
import { inlineCode, userText, type TextParam } from '../../src/slack/user-text.js';
import { formatSeconds } from '../failover/format-seconds.js';
import type { SnapshotResult } from './take-snapshot.js';

/** Total rows and tables of a fingerprint, for reports and listings. */
export function fingerprintTotals(fingerprint: Fingerprint): { tables: number; rows: number; databases: number } {
  const rows = fingerprint.tables.reduce((sum, table) => sum + table.rowCount, 0);
  return { tables: fingerprint.tables.length, rows, databases: fingerprint.databases.length };
}

/**
 * Builds the summary of a ready snapshot: its API, restore size, time from the start to ready,
 * the recorded fingerprint and the sentinel time, with a warning when the read lock was released
 * before the storage confirmed the cut.
 */
export function snapshotSummary(locale: Locale, target: string, result: SnapshotResult, appConsistent: boolean): OutgoingMessage {
  const t = (key: string, params: Record<string, TextParam> = {}): string => userText(locale, key, params);
  const title = t('snapshot.report.title', { name: result.name, target });
  const elapsedMs = Date.parse(result.readyAt) - Date.parse(result.startedAt);
  const totals = fingerprintTotals(result.fingerprint);

  const pairs = [
    { label: t('snapshot.report.name'), value: inlineCode(result.name).mrkdwn },
    { label: t('snapshot.report.api'), value: t(result.api === 'csi' ? 'snapshot.api.csi' : 'snapshot.api.stork') },
    { label: t('snapshot.report.size'), value: result.restoreSize ?? t('common.unknown') },
    { label: t('snapshot.report.duration'), value: Number.isNaN(elapsedMs) ? t('common.unknown') : t('snapshot.report.seconds', { seconds: formatSeconds(elapsedMs) }) },
    { label: t('snapshot.report.fingerprint'), value: t('snapshot.report.fingerprintValue', totals) },
    { label: t('snapshot.report.sentinel'), value: result.sentinelAt },
  ];
  const blocks = [section(`*${title}*`), ...fields(pairs)];
  if (appConsistent && !result.lockedUntilCut) blocks.push(section(t('snapshot.report.notLocked')));
  if (result.reused) blocks.push(section(t('snapshot.report.reused', { name: result.name })));
  return { text: title, blocks };
}
