import { listSnapshots, type SnapshotRecord } from '../jobs/snapshot/snapshot-records.js';
import type { Locale } from '../src/config/app-config.js';
import type { TargetConfig } from '../src/config/targets-schema.js';
import type { TargetClusters } from '../src/runtime/target-clusters.js';
import { userText } from '../src/slack/user-text.js';
import { formatMinutes } from './format-duration.js';
import { infoReply, type CommandReply } from './reply.js';

/** Most snapshots listed in one reply; older ones are counted. */
const MAX_LISTED_SNAPSHOTS = 30;

/**
 * Lists the snapshots of the target's PVC from both snapshot APIs, newest first, as an ephemeral
 * reply: name, API, age, restore size, whether it is ready and whether a fingerprint is recorded.
 */
export async function snapshotsReply(
  deps: { clusters: Pick<TargetClusters, 'kubeConfig'> },
  target: TargetConfig,
  locale: Locale,
  now: Date = new Date(),
): Promise<CommandReply> {
  const records = await listSnapshots(deps.clusters.kubeConfig(target.name), target);
  if (records.length === 0) return infoReply(userText(locale, 'snapshot.list.empty', { target: target.name, pvc: target.pvc }));

  const lines = [userText(locale, 'snapshot.list.title', { target: target.name, pvc: target.pvc })];
  for (const record of records.slice(0, MAX_LISTED_SNAPSHOTS)) lines.push(snapshotLine(locale, record, now));
  if (records.length > MAX_LISTED_SNAPSHOTS) lines.push(userText(locale, 'snapshot.list.more', { count: records.length - MAX_LISTED_SNAPSHOTS }));
  return infoReply(lines.join('\n'));
}

function snapshotLine(locale: Locale, record: SnapshotRecord, now: Date): string {
  const line = userText(locale, 'snapshot.list.item', {
    name: record.name,
    api: userText(locale, record.api === 'csi' ? 'snapshot.api.csi' : 'snapshot.api.stork'),
    age: formatAge(locale, record.createdAt, now),
    size: record.restoreSize ?? userText(locale, 'common.unknown'),
    ready: userText(locale, record.ready ? 'common.yes' : 'common.no'),
    fingerprint: userText(locale, record.fingerprint === undefined ? 'snapshot.list.fingerprintMissing' : 'snapshot.list.fingerprintRecorded'),
  });
  return record.error === undefined ? line : line + userText(locale, 'snapshot.list.error', { error: record.error });
}

/** Formats the time since `createdAt` in whole minutes below 2 hours, whole hours below 2 days, else whole days. */
export function formatAge(locale: Locale, createdAt: string | undefined, now: Date): string {
  const created = createdAt === undefined ? Number.NaN : Date.parse(createdAt);
  if (Number.isNaN(created)) return userText(locale, 'common.unknown');
  return formatMinutes(locale, Math.max(0, Math.floor((now.getTime() - created) / 60_000)));
}
