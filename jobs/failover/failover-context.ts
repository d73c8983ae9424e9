import { AppsV1Api, CoreV1Api, PolicyV1Api } from '@kubernetes/client-node';
import type { Job } from 'bullmq';
import { execInPod } from '../../src/kube/exec.js';
import type { PodExecutor } from '../../src/portworx/pxctl-runner.js';
import type { JobContext } from '../../src/runtime/job-context.js';
import { section } from '../../src/slack/blocks/builders.js';
import type { OutgoingMessage } from '../../src/slack/blocks/types.js';
import { userText, type TextParam } from '../../src/slack/user-text.js';
import type { FailoverJobData } from './failover-data.js';

/** The part of a BullMQ job that a failover uses: its id and data, and `updateData` to store the state. */
export type FailoverJob = Pick<Job<FailoverJobData>, 'id' | 'data' | 'updateData'>;

/** The JobContext of a failover job. */
export type FailoverJobContext = Omit<JobContext, 'job' | 'data'> & { job: FailoverJob; data: FailoverJobData };

/** Deadlines and intervals of a failover, in milliseconds. */
export interface FailoverSettings {
  /** How long to wait for a replacement pod to be Ready on another node. Default 300 000 (5 min). */
  replacementDeadlineMs: number;
  /** Interval of the polling fallback while waiting for the replacement pod. Default 5 000. */
  pollIntervalMs: number;
  /** How long to wait for MySQL in the replacement pod, which may run InnoDB crash recovery first. Default 300 000. */
  mysqlReadyDeadlineMs: number;
  /** Connect timeout of one MySQL connection attempt. Default 5 000. */
  mysqlConnectTimeoutMs: number;
  /** Deadline of each pxctl call. Default 30 000. */
  pxctlTimeoutMs: number;
  /** Clock in milliseconds since the epoch. Default `Date.now`. */
  now: () => number;
}

export const DEFAULT_FAILOVER_SETTINGS: FailoverSettings = {
  replacementDeadlineMs: 300_000,
  pollIntervalMs: 5_000,
  mysqlReadyDeadlineMs: 300_000,
  mysqlConnectTimeoutMs: 5_000,
  pxctlTimeoutMs: 30_000,
  now: Date.now,
};

/** Everything a failover step uses: API clients, settings and the thread. */
export interface FailoverRuntime {
  jobId: string;
  data: FailoverJobData;
  context: FailoverJobContext;
  core: CoreV1Api;
  apps: AppsV1Api;
  policy: PolicyV1Api;
  exec: PodExecutor;
  settings: FailoverSettings;
  /** Renders a catalog message in the job's locale. */
  text(key: string, params?: Record<string, TextParam>): string;
  /** Replies in the job's thread with one catalog message. */
  say(key: string, params?: Record<string, TextParam>): void;
  reply(message: OutgoingMessage): void;
}

export function createFailoverRuntime(context: FailoverJobContext, settings: FailoverSettings): FailoverRuntime {
  const { kubeConfig, reporter, data } = context;
  const text = (key: string, params: Record<string, TextParam> = {}): string => userText(data.locale, key, params);
  return {
    jobId: context.job.id ?? data.approvalId,
    data,
    context,
    core: kubeConfig.makeApiClient(CoreV1Api),
    apps: kubeConfig.makeApiClient(AppsV1Api),
    policy: kubeConfig.makeApiClient(PolicyV1Api),
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
