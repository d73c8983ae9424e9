import { catalogError } from '../../src/runtime/operation-errors.js';
import { AppsV1Api, CoreV1Api } from '@kubernetes/client-node';
import type { Job } from 'bullmq';
import { PxmysqlError, type ErrorKind } from '../../src/errors.js';
import type { JobContext } from '../../src/runtime/job-context.js';
import { section } from '../../src/slack/blocks/builders.js';
import type { OutgoingMessage } from '../../src/slack/blocks/types.js';
import { userText, type TextParam } from '../../src/slack/user-text.js';
import type { DropJobData, DropState } from './drop-data.js';

/** The part of a BullMQ job that a drop uses: its id and data, and `updateData` to store the state. */
export type DropJob = Pick<Job<DropJobData>, 'id' | 'data' | 'updateData'>;

/** The JobContext of a drop job. */
export type DropJobContext = Omit<JobContext, 'job' | 'data'> & { job: DropJob; data: DropJobData };

/** A snapshot that the snapshot operation has cut and found ready. */
export interface TakenSnapshot {
  name: string;
  api: 'csi' | 'stork';
  restoreSize: string | undefined;
}

/**
 * Cuts an app-consistent snapshot of the target's PVC named `request.name`, records the fingerprint
 * on it and waits until it is ready. Called again with the same name and job id after a crash, it
 * must reuse the snapshot it already created.
 */
export type TakeSnapshot = (context: Pick<JobContext, 'target' | 'kubeConfig' | 'logger'>, request: { name: string; jobId: string }) => Promise<TakenSnapshot>;

/** Deadlines of a drop, in milliseconds, and the snapshot function. */
export interface DropSettings {
  takeSnapshot: TakeSnapshot;
  /** Connect timeout of one MySQL connection attempt. Default 5 000. */
  mysqlConnectTimeoutMs: number;
  /** How long to retry connecting while MySQL starts. Default 60 000. */
  mysqlWaitMs: number;
  now: () => number;
}

/** Everything a drop step uses: API clients, settings and the thread. */
export interface DropRuntime {
  jobId: string;
  data: DropJobData;
  context: DropJobContext;
  core: CoreV1Api;
  apps: AppsV1Api;
  settings: DropSettings;
  /** Stores state inside a step, before an action that must not be repeated blindly. */
  saveProgress(state: DropState): Promise<void>;
  text(key: string, params?: Record<string, TextParam>): string;
  say(key: string, params?: Record<string, TextParam>): void;
  reply(message: OutgoingMessage): void;
}

export function createDropRuntime(context: DropJobContext, settings: DropSettings): DropRuntime {
  const { kubeConfig, reporter, data, job } = context;
  const text = (key: string, params: Record<string, TextParam> = {}): string => userText(data.locale, key, params);
  return {
    jobId: job.id ?? data.approvalId,
    data,
    context,
    core: kubeConfig.makeApiClient(CoreV1Api),
    apps: kubeConfig.makeApiClient(AppsV1Api),
    settings,
    saveProgress: async (state) => {
      await job.updateData({ ...job.data, drop: state });
    },
    text,
    say: (key, params = {}) => {
      const message = text(key, params);
      reporter.reply({ text: message, blocks: [section(message)] });
    },
    reply: (message) => reporter.reply(message),
  };
}

/**
 * Builds the error of a drop that stops: the message is the English catalog text, and the key and
 * parameters let a reply render it in the requester's locale.
 */
export function dropError(code: string, key: string, params: Record<string, string | number>, kind: ErrorKind = 'user'): PxmysqlError {
  return catalogError(code, key, params, kind);
}
