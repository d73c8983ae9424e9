import { catalogError, requireStepState } from '../../src/runtime/operation-errors.js';
import { CoreV1Api, StorageV1Api } from '@kubernetes/client-node';
import type { Job } from 'bullmq';
import { PxmysqlError, type ErrorKind } from '../../src/errors.js';
import { execInPod } from '../../src/kube/exec.js';
import type { PodExecutor } from '../../src/portworx/pxctl-runner.js';
import type { JobContext } from '../../src/runtime/job-context.js';
import { section } from '../../src/slack/blocks/builders.js';
import type { OutgoingMessage } from '../../src/slack/blocks/types.js';
import { userText, type TextParam } from '../../src/slack/user-text.js';
import type { ExpandJobData, ExpandState } from './expand-data.js';

/** The part of a BullMQ job that an expansion uses: its id and data, and `updateData` to store the state. */
export type ExpandJob = Pick<Job<ExpandJobData>, 'id' | 'data' | 'updateData'>;

/** The JobContext of an expansion job. */
export type ExpandJobContext = Omit<JobContext, 'job' | 'data'> & { job: ExpandJob; data: ExpandJobData };

/** Deadlines and intervals of an expansion, in milliseconds. */
export interface ExpandSettings {
  /** How long to wait for `status.capacity` to reach the request. Default 300 000 (5 min). */
  capacityDeadlineMs: number;
  /** Interval of the polling fallback while waiting for the capacity. Default 5 000. */
  pollIntervalMs: number;
  /** Deadline of each pxctl call. Default 30 000. */
  pxctlTimeoutMs: number;
  /** Clock in milliseconds since the epoch. Default `Date.now`. */
  now: () => number;
}

export const DEFAULT_EXPAND_SETTINGS: ExpandSettings = {
  capacityDeadlineMs: 300_000,
  pollIntervalMs: 5_000,
  pxctlTimeoutMs: 30_000,
  now: Date.now,
};

/** Everything an expansion step uses: API clients, settings and the thread. */
export interface ExpandRuntime {
  data: ExpandJobData;
  context: ExpandJobContext;
  core: CoreV1Api;
  storage: StorageV1Api;
  exec: PodExecutor;
  settings: ExpandSettings;
  /** Renders a catalog message in the job's locale. */
  text(key: string, params?: Record<string, TextParam>): string;
  /** Replies in the job's thread with one catalog message. */
  say(key: string, params?: Record<string, TextParam>): void;
  reply(message: OutgoingMessage): void;
}

export function createExpandRuntime(context: ExpandJobContext, settings: ExpandSettings): ExpandRuntime {
  const { kubeConfig, reporter, data } = context;
  const text = (key: string, params: Record<string, TextParam> = {}): string => userText(data.locale, key, params);
  return {
    data,
    context,
    core: kubeConfig.makeApiClient(CoreV1Api),
    storage: kubeConfig.makeApiClient(StorageV1Api),
    exec: (request) => execInPod(kubeConfig, request),
    settings,
    text,
    say: (key, params = {}) => {
      const message = text(key, params);
      reporter.reply({ text: message, blocks: [section(message)] });
    },
    reply: (message) => reporter.reply(message),
  };
}

/**
 * Builds the error of an expansion that stops: the message is the catalog text in English (plain,
 * unescaped), and the key and parameters let a reply render it in the requester's locale.
 */
export function expandError(code: string, key: string, params: Record<string, string | number>, kind: ErrorKind = 'user'): PxmysqlError {
  return catalogError(code, key, params, kind);
}

/**
 * Returns a field that an earlier step stored. A missing field means the stored state is
 * inconsistent (edited by hand, or written by another version), so the job stops.
 */
export function requireExpandState<Key extends keyof ExpandState>(state: Readonly<ExpandState>, key: Key): NonNullable<ExpandState[Key]> {
  return requireStepState('expand', state, key);
}
