import { randomUUID } from 'node:crypto';
import type { Job } from 'bullmq';
import type { WebClient } from '@slack/web-api';
import { runStatus } from '../../jobs/status.js';
import { isPxmysqlError } from '../errors.js';
import { jobLogger, type Logger } from '../logging.js';
import type { JobData } from '../queue/job-data.js';
import { section } from '../slack/blocks/builders.js';
import type { JobState } from '../slack/thread-types.js';
import { ThreadReporter } from '../slack/thread-reporter.js';
import type { ThreadClient } from '../slack/thread-types.js';
import { mention, userText } from '../slack/user-text.js';
import type { OperationHandler } from './job-context.js';
import type { TargetClusters } from './target-clusters.js';

const HANDLERS: Record<JobData['operation'], OperationHandler> = {
  status: runStatus,
};

export interface JobDependencies {
  slack: WebClient | ThreadClient;
  clusters: TargetClusters;
  logger: Logger;
}

/**
 * Runs one job: posts (or, when resumed, reuses) the thread's parent message, runs the operation,
 * and ends the thread with the outcome. The parent's timestamp is stored in the job's data as soon
 * as it exists, so a worker that resumes the job reports in the same thread.
 */
export async function runJob(job: Job<JobData>, deps: JobDependencies): Promise<void> {
  const data = job.data;
  const jobId = job.id ?? 'unknown';
  const logger = jobLogger(deps.logger, { jobId, operation: data.operation, target: data.target, slackUser: data.requestedBy });
  const reporter = new ThreadReporter({
    client: deps.slack as ThreadClient,
    channel: data.channel,
    ...(data.threadTs === undefined ? {} : { parentTs: data.threadTs }),
    metadata: { event_type: 'pxmysql_job', event_payload: { job_id: jobId, trigger_id: data.triggerId, operation: data.operation, target: data.target, state: 'running' } },
    logger,
  });

  const parentTs = await reporter.start(parentMessage(data, 'running'));
  if (parentTs !== undefined && data.threadTs === undefined) await job.updateData({ ...data, threadTs: parentTs });

  try {
    const target = deps.clusters.target(data.target);
    await HANDLERS[data.operation]({ job, data, target, kubeConfig: deps.clusters.kubeConfig(data.target), reporter, logger });
    await reporter.finish({ ...parentMessage(data, 'succeeded'), state: 'succeeded' });
  } catch (error) {
    const errorId = randomUUID().slice(0, 8);
    logger.error({ err: error, errorId }, 'operation failed');
    const text = failureText(data, error, errorId);
    reporter.reply({ text, blocks: [section(text)] });
    await reporter.finish({ ...parentMessage(data, 'failed'), state: 'failed' });
    throw error;
  }
}

function parentMessage(data: JobData, state: JobState) {
  const text = userText(data.locale, 'job.parent', {
    operation: data.operation,
    target: data.target,
    user: mention(data.requestedBy),
    state: userText(data.locale, `job.state.${state}`),
  });
  return { text, blocks: [section(text)] };
}

/** Only a PxmysqlError's message is written to be shown; anything else gets an error id for the logs. */
function failureText(data: JobData, error: unknown, errorId: string): string {
  if (isPxmysqlError(error)) return userText(data.locale, 'job.failedBecause', { reason: error.message });
  return userText(data.locale, 'error.internal', { errorId });
}
