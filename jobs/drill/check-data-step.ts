import { checkUserTables, type TableCheck } from '../../src/mysql/check-tables.js';
import { compareFingerprints, type FingerprintComparison } from '../../src/mysql/fingerprint-compare.js';
import { takeFingerprint } from '../../src/mysql/fingerprint.js';
import { connectToPodMysql } from '../../src/kube/pod-mysql.js';
import type { Step } from '../../src/runtime/step-runner.js';
import { requireDrillState, type DrillRuntime } from './drill-context.js';
import type { DrillCheckResult, DrillState } from './drill-data.js';

/**
 * Connects to MySQL in the scratch pod, runs `CHECK TABLE` on every table of the user databases
 * and, when the snapshot has a recorded fingerprint, compares the data with it. A failed check or
 * a difference is stored, not thrown, so the report and teardown run before the drill fails.
 */
export function checkDataStep(runtime: DrillRuntime): Step<DrillState> {
  return {
    name: 'check-data',
    run: async (state) => {
      const source = requireDrillState(state, 'source');
      const pod = requireDrillState(state, 'pod');
      const connection = await connectToPodMysql(runtime.core, runtime.context.target, pod, {
        waitMs: runtime.settings.mysqlWaitMs,
        connectTimeoutMs: runtime.settings.mysqlConnectTimeoutMs,
        logger: runtime.context.logger,
      });
      const mysqlReadyAt = runtime.settings.now();

      let checks: TableCheck[];
      let comparison: FingerprintComparison | undefined;
      try {
        checks = await checkUserTables(connection);
        if (source.fingerprint !== undefined) {
          const restored = await takeFingerprint(connection, { databases: source.fingerprint.databases });
          comparison = compareFingerprints(source.fingerprint, restored);
        }
      } finally {
        await connection.end();
      }

      const check = summarizeCheck(checks, comparison, mysqlReadyAt);
      runtime.context.logger.info(
        { drill: runtime.drillName, tablesChecked: check.tablesChecked, failedChecks: check.failedChecks.length, differing: check.differingTables.length },
        'restore drill checked the data',
      );
      return { check };
    },
  };
}

/** Reduces the table checks and the fingerprint comparison to what the job data keeps. */
export function summarizeCheck(checks: readonly TableCheck[], comparison: FingerprintComparison | undefined, mysqlReadyAt: number): DrillCheckResult {
  const differingTables =
    comparison === undefined
      ? []
      : [
          ...comparison.differing.map((difference) => difference.table),
          ...comparison.missing,
          ...comparison.extra,
          ...comparison.missingDatabases.map((database) => `${database} (database)`),
          ...comparison.extraDatabases.map((database) => `${database} (database)`),
        ];
  return {
    tablesChecked: checks.length,
    failedChecks: checks.filter((check) => !check.ok).map((check) => ({ table: check.table, message: check.message })),
    fingerprintCompared: comparison !== undefined,
    matchingTables: comparison?.matching.length ?? 0,
    differingTables,
    mysqlReadyAt,
  };
}

/** Returns whether a drill's data check passed: every `CHECK TABLE` OK and no table differing from the fingerprint. */
export function checkPassed(check: DrillCheckResult): boolean {
  return check.failedChecks.length === 0 && check.differingTables.length === 0;
}
