import type { Step } from '../../src/runtime/step-runner.js';
import { inlineCode } from '../../src/slack/user-text.js';
import type { SnapshotRecord } from '../snapshot/snapshot-records.js';
import { drillError, type DrillRuntime } from './drill-context.js';
import type { DrillState } from './drill-data.js';
import { formatDuration } from './format-duration.js';

/**
 * Returns the ready snapshot with the latest creation time, or undefined when none is ready. A
 * snapshot without a creation time sorts last, and equal times go to the name that sorts first.
 */
export function newestReadySnapshot(records: readonly SnapshotRecord[]): SnapshotRecord | undefined {
  const ready = records.filter((record) => record.ready);
  const timeOf = (record: SnapshotRecord): number => {
    const time = record.createdAt === undefined ? Number.NaN : Date.parse(record.createdAt);
    return Number.isNaN(time) ? Number.NEGATIVE_INFINITY : time;
  };
  return ready.sort((left, right) => timeOf(right) - timeOf(left) || left.name.localeCompare(right.name))[0];
}

/**
 * Picks the newest ready snapshot of the target's PVC and records it as the clone source, with
 * its creation time and the drill's start time. Stops the drill when the PVC has no ready snapshot.
 */
export function pickSnapshotStep(runtime: DrillRuntime): Step<DrillState> {
  return {
    name: 'pick-snapshot',
    run: async () => {
      const { target } = runtime.context;
      const records = await runtime.settings.listSnapshots(runtime.context);
      const record = newestReadySnapshot(records);
      if (record === undefined) {
        throw drillError('drill_no_snapshot', 'drill.failed.noSnapshot', { target: target.name, pvc: target.pvc, count: records.length }, 'user');
      }

      const startedAt = runtime.settings.now();
      const createdAt = record.createdAt === undefined ? undefined : Date.parse(record.createdAt);
      const age = createdAt === undefined || Number.isNaN(createdAt) ? '?' : formatDuration(startedAt - createdAt);
      runtime.context.logger.info({ snapshot: record.name, api: record.api, drill: runtime.drillName }, 'restore drill picked a snapshot');
      runtime.say('drill.snapshot.picked', {
        snapshot: inlineCode(record.name),
        api: record.api,
        age,
        deployment: inlineCode(runtime.drillName),
      });
      return {
        drillName: runtime.drillName,
        source: { name: record.name, api: record.api, restoreSize: record.restoreSize, fingerprint: record.fingerprint },
        ...(record.createdAt === undefined ? {} : { snapshotCreatedAt: record.createdAt }),
        startedAt,
      };
    },
  };
}
