import type { Step } from '../../src/runtime/step-runner.js';
import { section } from '../../src/slack/blocks/builders.js';
import { inlineCode, type TextParam } from '../../src/slack/user-text.js';
import { listTables } from '../restore/verify-steps.js';
import { checkPassed } from './check-data-step.js';
import { drillError, requireDrillState, type DrillRuntime } from './drill-context.js';
import type { DrillCheckResult, DrillState } from './drill-data.js';
import { formatDuration } from './format-duration.js';

/** Facts that the drill's report states. Times are epoch milliseconds. */
export interface DrillReportFacts {
  target: string;
  snapshot: string;
  /** Creation time of the snapshot, or undefined when the snapshot has none. */
  snapshotCreatedAt: number | undefined;
  startedAt: number;
  check: DrillCheckResult;
}

type Text = (key: string, params?: Record<string, TextParam>) => string;

/**
 * Builds the report lines: the outcome, the recovery point age (drill start minus the snapshot's
 * creation time), the time to restore (drill start until MySQL in the scratch pod accepted a
 * connection), the `CHECK TABLE` results and the fingerprint comparison.
 */
export function drillReportLines(text: Text, facts: DrillReportFacts): string[] {
  const { check } = facts;
  const target = inlineCode(facts.target);
  const snapshot = inlineCode(facts.snapshot);
  const lines = [text(checkPassed(check) ? 'drill.report.passed' : 'drill.report.failed', { target, snapshot })];

  const age = facts.snapshotCreatedAt === undefined || Number.isNaN(facts.snapshotCreatedAt) ? '?' : formatDuration(facts.startedAt - facts.snapshotCreatedAt);
  lines.push(text('drill.report.recoveryPoint', { snapshot, age }));
  lines.push(text('drill.report.timeToRestore', { duration: formatDuration(check.mysqlReadyAt - facts.startedAt) }));

  const passedChecks = check.tablesChecked - check.failedChecks.length;
  lines.push(text('drill.report.tablesChecked', { passed: passedChecks, count: check.tablesChecked }));
  if (check.failedChecks.length > 0) {
    const failed = check.failedChecks.map((failure) => `${failure.table} (${failure.message})`);
    lines.push(text('drill.report.checkFailed', { count: failed.length, tables: listTables(failed) }));
  }

  if (!check.fingerprintCompared) lines.push(text('drill.report.noFingerprint'));
  else if (check.differingTables.length === 0) lines.push(text('drill.report.fingerprintMatch', { count: check.matchingTables }));
  else lines.push(text('drill.report.fingerprintDiffers', { count: check.differingTables.length, tables: listTables(check.differingTables), matching: check.matchingTables }));
  return lines;
}

/** Posts the drill's report in the job thread. The drill's verdict is given by the `conclude` step, after teardown. */
export function reportStep(runtime: DrillRuntime): Step<DrillState> {
  return {
    name: 'report',
    run: async (state) => {
      const source = requireDrillState(state, 'source');
      const check = requireDrillState(state, 'check');
      const lines = drillReportLines(runtime.text, {
        target: runtime.context.target.name,
        snapshot: source.name,
        snapshotCreatedAt: state.snapshotCreatedAt === undefined ? undefined : Date.parse(state.snapshotCreatedAt),
        startedAt: requireDrillState(state, 'startedAt'),
        check,
      });
      const text = lines.join('\n');
      runtime.reply({ text, blocks: lines.map((line) => section(line)) });
      return {};
    },
  };
}

/** Fails the job when the data check failed. It runs after teardown, so a failed drill leaves nothing behind either. */
export function concludeStep(runtime: DrillRuntime): Step<DrillState> {
  return {
    name: 'conclude',
    cancellable: false,
    run: async (state) => {
      const check = requireDrillState(state, 'check');
      await runtime.context.reporter.flush();
      if (checkPassed(check)) return {};
      throw drillError('drill_data_check_failed', 'drill.failed.dataCheck', {
        target: runtime.context.target.name,
        failedChecks: check.failedChecks.length,
        differing: check.differingTables.length,
      });
    },
  };
}
