import { catalogError, requireStepState } from '../../src/runtime/operation-errors.js';
import { AppsV1Api, CoreV1Api, StorageV1Api, type KubeConfig } from '@kubernetes/client-node';
import type { Job } from 'bullmq';
import { PxmysqlError, type ErrorKind } from '../../src/errors.js';
import type { Fingerprint } from '../../src/mysql/fingerprint.js';
import type { JobContext } from '../../src/runtime/job-context.js';
import { section } from '../../src/slack/blocks/builders.js';
import type { OutgoingMessage } from '../../src/slack/blocks/types.js';
import { userText, type TextParam } from '../../src/slack/user-text.js';
import type { PromoteJobData, RestoreJobData, RestoreState } from './restore-data.js';

/** A VolumeSnapshot of either API as the snapshot operation reads it back. */
export interface SnapshotRecord {
  name: string;
  api: 'csi' | 'stork';
  ready: boolean;
  /** `status.restoreSize` of a CSI snapshot; undefined for STORK. */
  restoreSize: string | undefined;
  /** The fingerprint recorded in the `pxmysql.io/fingerprint` annotation, if any. */
  fingerprint: Fingerprint | undefined;
}

/** Reads a VolumeSnapshot of either API by name; resolves to undefined when none has that name. */
export type ReadSnapshotRecord = (kubeConfig: KubeConfig, namespace: string, name: string) => Promise<SnapshotRecord | undefined>;

/** The part of a BullMQ job that a restore or promotion uses. */
export type RestoreJob<Data> = Pick<Job<Data>, 'id' | 'data' | 'updateData'>;

/** The JobContext of a restore job. */
export type RestoreJobContext = Omit<JobContext, 'job' | 'data'> & { job: RestoreJob<RestoreJobData>; data: RestoreJobData };

/** The JobContext of a promotion job. */
export type PromoteJobContext = Omit<JobContext, 'job' | 'data'> & { job: RestoreJob<PromoteJobData>; data: PromoteJobData };

/** Deadlines and intervals of a restore, in milliseconds, and the snapshot reader. */
export interface RestoreSettings {
  readSnapshotRecord: ReadSnapshotRecord;
  /** How long to wait for the restored pod to be Running and Ready. Default 300 000 (5 min). */
  readyDeadlineMs: number;
  /** Interval of the polling fallback while waiting for the pod. Default 5 000. */
  pollIntervalMs: number;
  /** How long to retry connecting while MySQL in the restored pod starts. Default 300 000. */
  mysqlWaitMs: number;
  /** Connect timeout of one MySQL connection attempt. Default 5 000. */
  mysqlConnectTimeoutMs: number;
  now: () => number;
}

export const DEFAULT_RESTORE_TIMING: Omit<RestoreSettings, 'readSnapshotRecord'> = {
  readyDeadlineMs: 300_000,
  pollIntervalMs: 5_000,
  mysqlWaitMs: 300_000,
  mysqlConnectTimeoutMs: 5_000,
  now: Date.now,
};

/** Everything a restore or promotion step uses: the request, API clients, settings and the thread. */
export interface RestoreRuntime {
  jobId: string;
  /** The request fields the steps read; a promotion job has no snapshot. */
  request: { target: string; locale: RestoreJobData['locale']; restoreName: string; snapshotName: string | undefined; promote: boolean };
  context: Omit<JobContext, 'job' | 'data'>;
  core: CoreV1Api;
  apps: AppsV1Api;
  storage: StorageV1Api;
  settings: RestoreSettings;
  /** Labels put on the new PVC, the new Deployment and its pod template, next to `app`. A restore drill sets its own. */
  labels?: Record<string, string>;
  text(key: string, params?: Record<string, TextParam>): string;
  say(key: string, params?: Record<string, TextParam>): void;
  reply(message: OutgoingMessage): void;
}

export function createRestoreRuntime(context: RestoreJobContext | PromoteJobContext, settings: RestoreSettings): RestoreRuntime {
  const { kubeConfig, reporter, data } = context;
  const text = (key: string, params: Record<string, TextParam> = {}): string => userText(data.locale, key, params);
  const request =
    data.operation === 'restore'
      ? { target: data.target, locale: data.locale, restoreName: data.restoreName, snapshotName: data.snapshotName, promote: data.promote }
      : { target: data.target, locale: data.locale, restoreName: data.restoreName, snapshotName: undefined, promote: true };
  return {
    jobId: context.job.id ?? data.approvalId,
    request,
    context,
    core: kubeConfig.makeApiClient(CoreV1Api),
    apps: kubeConfig.makeApiClient(AppsV1Api),
    storage: kubeConfig.makeApiClient(StorageV1Api),
    settings,
    text,
    say: (key, params = {}) => {
      const message = text(key, params);
      reporter.reply({ text: message, blocks: [section(message)] });
    },
    reply: (message) => reporter.reply(message),
  };
}

/** Builds the error of a restore that stops, with the English text as message and the key for the reply. */
export function restoreError(code: string, key: string, params: Record<string, string | number>, kind: ErrorKind = 'user'): PxmysqlError {
  return catalogError(code, key, params, kind);
}

/** Returns a field that an earlier step stored, or stops the job when the stored state lacks it. */
export function requireRestoreState<Key extends keyof RestoreState>(state: Readonly<RestoreState>, key: Key): NonNullable<RestoreState[Key]> {
  return requireStepState('restore', state, key);
}
