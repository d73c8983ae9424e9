import { compareFingerprints, type FingerprintComparison } from '../../src/mysql/fingerprint-compare.js';
import { takeFingerprint } from '../../src/mysql/fingerprint.js';
import { readSentinel } from '../../src/mysql/sentinel.js';
import type { Step } from '../../src/runtime/step-runner.js';
import { inlineCode } from '../../src/slack/user-text.js';
import type { FailoverRuntime } from './failover-context.js';
import type { FailoverState, FailoverVerification } from './failover-data.js';
import { failoverError } from './failover-errors.js';
import { formatSeconds } from './format-seconds.js';
import { connectToPodMysql } from './mysql-access.js';
import { requireState } from './require-state.js';
import { inspectVolumeAwayFrom } from './volume-inspection.js';

/** Most tables named in a mismatch error; the rest are counted. */
const MAX_LISTED_TABLES = 10;

/**
 * Proves the move: MySQL in the new pod accepts a connection, the fingerprint equals the one taken before and
 * the sentinel row is there, and pxctl shows the volume attached on the new node. A new node
 * without a replica is a warning, not a failure. Reads only, so a resumed job may run it again.
 */
export function verifyStep(runtime: FailoverRuntime): Step<FailoverState> {
  return {
    name: 'verify',
    run: async (state) => {
      const newPod = requireState(state, 'newPod');
      const oldPod = requireState(state, 'oldPod');
      const volumeName = requireState(state, 'volumeName');
      const { now } = runtime.settings;

      const waitStartedAt = now();
      const connection = await connectToPodMysql(runtime, newPod, requireState(state, 'mysqlPort'), 'wait');
      const mysqlWaitMs = now() - waitStartedAt;
      let comparison: FingerprintComparison | undefined;
      let sentinelWrittenAt: string | undefined;
      try {
        if (state.fingerprint !== undefined) {
          const after = await takeFingerprint(connection, { databases: state.fingerprint.databases });
          comparison = compareFingerprints(state.fingerprint, after);
          const sentinel = await readSentinel(connection, runtime.jobId);
          sentinelWrittenAt = sentinel?.writtenAt.toISOString();
        }
      } finally {
        await connection.end().catch(() => undefined);
      }
      if (comparison !== undefined && !comparison.equal) {
        throw failoverError('failover_data_mismatch', 'failover.failed.dataMismatch', { tables: mismatchSummary(comparison) }, 'permanent');
      }
      if (state.fingerprint !== undefined && sentinelWrittenAt === undefined) {
        throw failoverError('failover_sentinel_missing', 'failover.failed.sentinelMissing', { pod: newPod.name, jobId: runtime.jobId }, 'permanent');
      }

      const inspection = await inspectVolumeAwayFrom(runtime, volumeName, [oldPod.nodeName]);
      if (inspection.attachedNode !== newPod.nodeName) {
        const attached = inspection.attachedNode ?? 'no node';
        throw failoverError('failover_volume_not_attached', 'failover.failed.notAttached', { volume: volumeName, node: newPod.nodeName, attached }, 'permanent');
      }

      const newNodeHoldsReplica = inspection.replicaNodes.includes(newPod.nodeName);
      const verification: FailoverVerification = {
        comparison,
        sentinelWrittenAt,
        attachedNode: inspection.attachedNode,
        newNodeHoldsReplica,
        replicaNodes: inspection.replicaNodes,
        replicationStatus: inspection.summary.replicationStatus,
        inspectOutput: inspection.output,
        mysqlWaitMs,
      };
      reportVerification(runtime, state, verification);
      return { verification, verifiedAt: now() };
    },
  };
}

function reportVerification(runtime: FailoverRuntime, state: Readonly<FailoverState>, verification: FailoverVerification): void {
  const newPod = requireState(state, 'newPod');
  const volume = requireState(state, 'volumeName');
  runtime.context.logger.info(
    { pod: newPod.name, node: newPod.nodeName, equal: verification.comparison?.equal, replicaLocal: verification.newNodeHoldsReplica },
    'failover verified',
  );

  runtime.say('failover.verify.mysqlAnswered', { pod: newPod.name, seconds: formatSeconds(verification.mysqlWaitMs), volume, node: newPod.nodeName });
  if (verification.comparison === undefined) runtime.say('failover.verify.noFingerprint');
  else runtime.say('failover.verify.fingerprintEqual', { tables: verification.comparison.matching.length });
  if (!verification.newNodeHoldsReplica) {
    runtime.say('failover.verify.noLocalReplica', { node: newPod.nodeName, volume, replicaNodes: inlineCode(verification.replicaNodes.join(', ') || '-') });
  }
}

function mismatchSummary(comparison: FingerprintComparison): string {
  const names = [
    ...comparison.differing.map((difference) => `${difference.table} (rows ${difference.before.rowCount} → ${difference.after.rowCount})`),
    ...comparison.missing.map((table) => `${table} (missing)`),
    ...comparison.missingDatabases.map((database) => `database ${database} (missing)`),
    ...comparison.extra.map((table) => `${table} (new)`),
  ];
  const listed = names.slice(0, MAX_LISTED_TABLES).join(', ');
  return names.length > MAX_LISTED_TABLES ? `${listed} and ${names.length - MAX_LISTED_TABLES} more` : listed;
}
