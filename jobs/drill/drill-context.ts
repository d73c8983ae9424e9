import { AppsV1Api, CoreV1Api, StorageV1Api } from '@kubernetes/client-node';
import type { ErrorKind, PxmysqlError } from '../../src/errors.js';
import type { JobContext } from '../../src/runtime/job-context.js';
import { catalogError, requireStepState } from '../../src/runtime/operation-errors.js';
import { section } from '../../src/slack/blocks/builders.js';
import { userText, type TextParam } from '../../src/slack/user-text.js';
import { DEFAULT_RESTORE_TIMING, type RestoreJob, type RestoreRuntime, type RestoreSettings } from '../restore/restore-context.js';
import type { SnapshotRecord } from '../snapshot/snapshot-records.js';
import { DRILL_LABEL, type DrillState, type RestoreDrillJobData } from './drill-data.js';
import { drillName } from './drill-names.js';

/** The JobContext of a restore drill. */
export type DrillJobContext = Omit<JobContext, 'job' | 'data'> & { job: RestoreJob<RestoreDrillJobData>; data: RestoreDrillJobData };

/** Lists the snapshots of the target's PVC, newest first. */
export type ListSnapshotRecords = (context: Pick<JobContext, 'kubeConfig' | 'target'>) => Promise<SnapshotRecord[]>;

/** Deadlines of a drill in milliseconds, the snapshot lister and the clock. */
export interface DrillSettings extends RestoreSettings {
  listSnapshots: ListSnapshotRecords;
  /** How long teardown waits for the scratch pods and PVC to be gone. Default 180 000 (3 min). */
  teardownDeadlineMs: number;
  /** Interval at which teardown checks what is left. Default 2 000. */
  teardownPollIntervalMs: number;
}

export const DEFAULT_DRILL_TIMING: Omit<DrillSettings, 'listSnapshots' | 'readSnapshotRecord'> = {
  ...DEFAULT_RESTORE_TIMING,
  teardownDeadlineMs: 180_000,
  teardownPollIntervalMs: 2_000,
};

/** The restore runtime that the shared clone steps use, plus the drill's name and settings. */
export interface DrillRuntime extends RestoreRuntime {
  settings: DrillSettings;
  drillName: string;
  /** Label selector `pxmysql.io/drill=<drillName>` of every object the drill creates. */
  drillSelector: string;
}

export function createDrillRuntime(context: DrillJobContext, settings: DrillSettings): DrillRuntime {
  const { kubeConfig, reporter, data } = context;
  const jobId = context.job.id ?? data.triggerId;
  const name = drillName(context.target.deployment, jobId);
  const text = (key: string, params: Record<string, TextParam> = {}): string => userText(data.locale, key, params);
  return {
    jobId,
    request: { target: data.target, locale: data.locale, restoreName: name, snapshotName: undefined, promote: false },
    context,
    core: kubeConfig.makeApiClient(CoreV1Api),
    apps: kubeConfig.makeApiClient(AppsV1Api),
    storage: kubeConfig.makeApiClient(StorageV1Api),
    settings,
    labels: { [DRILL_LABEL]: name },
    drillName: name,
    drillSelector: `${DRILL_LABEL}=${name}`,
    text,
    say: (key, params = {}) => {
      const message = text(key, params);
      reporter.reply({ text: message, blocks: [section(message)] });
    },
    reply: (message) => reporter.reply(message),
  };
}

/** Builds the error that stops a drill, with the English text as message and the key for the reply. */
export function drillError(code: string, key: string, params: Record<string, string | number>, kind: ErrorKind = 'permanent'): PxmysqlError {
  return catalogError(code, key, params, kind);
}

/** Returns a field that an earlier step stored, or stops the job when the stored state lacks it. */
export function requireDrillState<Key extends keyof DrillState>(state: Readonly<DrillState>, key: Key): NonNullable<DrillState[Key]> {
  return requireStepState('restore-drill', state, key);
}
