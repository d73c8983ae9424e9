import { describeError, isPxmysqlError } from '../../src/errors.js';
import type { MysqlConnection } from '../../src/mysql/connect.js';
import { takeFingerprint } from '../../src/mysql/fingerprint.js';
import { writeSentinel } from '../../src/mysql/sentinel.js';
import type { Step } from '../../src/runtime/step-runner.js';
import type { FailoverRuntime } from './failover-context.js';
import type { FailoverState } from './failover-data.js';
import { requireState } from './require-state.js';
import { connectToPodMysql } from './mysql-access.js';

/**
 * Takes the fingerprint of the user databases in the old pod and writes the sentinel row of this
 * job. Running it again replaces both. A forced failover whose MySQL is unreachable records why
 * and goes on without them.
 *
 * NOTE: writes that clients commit between this step and the pod's deletion make the fingerprints
 * differ in the verify step. Stop the application's writes before a planned failover.
 */
export function fingerprintStep(runtime: FailoverRuntime): Step<FailoverState> {
  return {
    name: 'fingerprint',
    run: async (state) => {
      const oldPod = requireState(state, 'oldPod');
      const port = requireState(state, 'mysqlPort');

      let connection: MysqlConnection;
      try {
        connection = await connectToPodMysql(runtime, oldPod, port, 'once');
      } catch (error) {
        if (!runtime.data.force || !isPxmysqlError(error) || error.code !== 'mysql_connect_failed') throw error;
        const reason = describeError(error);
        runtime.context.logger.warn({ err: error, pod: oldPod.name }, 'MySQL in the old pod is unreachable; forced failover goes on without a fingerprint');
        runtime.say('failover.fingerprint.skipped', { pod: oldPod.name, reason });
        return { fingerprintSkippedReason: reason, fingerprint: undefined, sentinelAt: undefined };
      }

      try {
        const fingerprint = await takeFingerprint(connection);
        const at = new Date(runtime.settings.now());
        await writeSentinel(connection, { jobId: runtime.jobId, at, note: `failover of ${runtime.data.target} away from ${oldPod.nodeName}` });
        runtime.say('failover.fingerprint.taken', { tables: fingerprint.tables.length, databases: fingerprint.databases.length, at: at.toISOString() });
        return { fingerprint, sentinelAt: at.toISOString(), fingerprintSkippedReason: undefined };
      } finally {
        await connection.end().catch(() => undefined);
      }
    },
  };
}
