import { randomUUID } from 'node:crypto';
import type { Job } from 'bullmq';
import type { WebClient } from '@slack/web-api';
import type { ApprovalStore } from '../approvals/approval-store.js';
import type { AuditLog } from '../audit/audit-log.js';
import type { AppConfig } from '../config/app-config.js';
import { PxmysqlError, isPxmysqlError } from '../errors.js';
import type { HeldLock } from '../locks/held-lock.js';
import type { TargetLocks } from '../locks/target-locks.js';
import { jobLogger, type Logger } from '../logging.js';
import type { JobData } from '../queue/job-data.js';
import { context, section } from '../slack/blocks/builders.js';
import { escapeText } from '../slack/blocks/escape.js';
import type { KnownBlock } from '../slack/blocks/types.js';
import type { JobState, ThreadClient } from '../slack/thread-types.js';
import { ThreadReporter } from '../slack/thread-reporter.js';
import { mention, TrustedMrkdwn, userText } from '../slack/user-text.js';
import type { JobContext } from './job-context.js';
import { isAudited, operationOf } from './operation-registry.js';
import type { TargetClusters } from './target-clusters.js';
import type { CancelRequests } from './cancel-requests.js';
import type { OpenIncident } from '../incidents/incident-request.js';
import { openIncidentAfterFailure } from '../incidents/open-after-failure.js';
import { findJobCancelled, JobCancellation, type JobCancelledError } from './cancellation.js';

export interface JobDependencies {
  slack: WebClient;
  clusters: TargetClusters;
  locks: TargetLocks;
  audit: AuditLog;
  approvals: ApprovalStore;
  config: AppConfig;
  logger: Logger;
  cancels: CancelRequests;
  /** Opens an incident channel when a job of a destructive operation fails; none is opened when absent. */
  openIncident?: OpenIncident;
}

/** Outcome of a job that did not fail, kept by BullMQ as the job's return value. */
export interface JobResult {
  outcome: 'succeeded' | 'cancelled';
}

/**
 * Runs one job: posts (or, when resumed or approved, reuses) the thread's parent message, takes the
 * target lock for operations that change the target, runs the operation, and ends the thread with
 * the outcome. On failure the operation's compensation undoes what this job did. The parent's
 * timestamp is stored in the job data as soon as it exists, so a resumed job reports in the same
 * thread.
 */
export async function runJob(job: Job<JobData>, deps: JobDependencies): Promise<JobResult> {
  const data = job.data;
  const jobId = job.id ?? 'unknown';
  const definition = operationOf(data);
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
  if (data.threadTs !== undefined) reporter.update({ ...parentMessage(data, 'running'), state: 'running' });

  let lock: HeldLock | undefined;
  let keepAlive: { stop(): void } | undefined;
  let context: JobContext | undefined;
  let succeeded = false;
  try {
    if (definition.changesTarget) {
      lock = await takeLock(deps, job, jobId, parentTs);
      keepAlive = lock.keepAlive(logger);
    }
    if (isAudited(definition)) await audit(deps, logger, { type: 'job-start', user: data.requestedBy, target: data.target, operation: data.operation, jobId });
    const target = deps.clusters.target(data.target);
    context = { job, data: job.data, target, kubeConfig: deps.clusters.kubeConfig(data.target), reporter, logger, slack: deps.slack };
    const running = context;
    const cancellation = new JobCancellation(jobId, () => deps.cancels.find(jobId), logger);
    await cancellation.run(() => definition.run(running));
    succeeded = true;
    if (isAudited(definition)) await audit(deps, logger, { type: 'job-end', user: data.requestedBy, target: data.target, operation: data.operation, jobId, outcome: 'succeeded' });
    // job.data, not data: it contains the results that the steps stored, which a notice may show.
    await reporter.finish({ ...parentMessage(job.data, 'succeeded'), state: 'succeeded' });
  } catch (error) {
    const cancelled = findJobCancelled(error);
    if (cancelled !== undefined) {
      await finishCancelled(deps, { data, jobId, reporter, logger, definition, context, error: cancelled });
      return { outcome: 'cancelled' };
    }
    const errorId = randomUUID().slice(0, 8);
    logger.error({ err: error, errorId }, 'operation failed');
    const text = failureText(data, error, errorId);
    reporter.reply({ text, blocks: [section(text)] });
    if (context !== undefined && definition.compensate !== undefined) await compensate(definition, context, error, logger);
    if (isAudited(definition)) {
      await audit(deps, logger, { type: 'job-end', user: data.requestedBy, target: data.target, operation: data.operation, jobId, outcome: 'failed', reason: describe(error) });
    }
    await openIncidentAfterFailure(deps.openIncident, { data: job.data, jobId, threadTs: reporter.parentTs, error, errorId }, logger);
    await reporter.finish({ ...parentMessage(data, 'failed'), state: 'failed' });
    throw error;
  } finally {
    keepAlive?.stop();
    await lock?.release().catch((error: unknown) => logger.warn({ err: error }, 'cannot release the target lock; it expires by itself'));
  }

  if (succeeded && context !== undefined && definition.followUp !== undefined) {
    await definition.followUp(context, { ...deps, logger }).catch((error: unknown) => logger.error({ err: error }, 'follow-up of the job failed'));
  }
  return { outcome: 'succeeded' };
}

/**
 * Ends a job that stopped because someone cancelled it, at a step boundary or during a wait. It
 * posts the cancel in the thread, runs the compensation as for a failure, and marks the job cancelled. It is not a failure, so
 * BullMQ records the job as completed with the outcome `cancelled`.
 */
async function finishCancelled(
  deps: JobDependencies,
  run: {
    data: JobData;
    jobId: string;
    reporter: ThreadReporter;
    logger: Logger;
    definition: ReturnType<typeof operationOf>;
    context: JobContext | undefined;
    error: JobCancelledError;
  },
): Promise<void> {
  const { data, logger, error } = run;
  logger.info({ cancelledBy: error.request.by, step: error.step, when: error.when }, 'job cancelled');
  const key = error.when === 'before' ? 'operations.cancel.stoppedBy' : 'operations.cancel.stoppedWaitingBy';
  const text = userText(data.locale, key, { user: mention(error.request.by), step: error.step });
  run.reporter.reply({ text, blocks: [section(text)] });
  if (run.context !== undefined && run.definition.compensate !== undefined) await compensate(run.definition, run.context, error, logger);
  if (isAudited(run.definition)) {
    await audit(deps, logger, { type: 'job-end', user: error.request.by, target: data.target, operation: data.operation, jobId: run.jobId, outcome: 'cancelled', reason: `cancelled ${error.when} step ${error.step}` });
  }
  await run.reporter.finish({ ...parentMessage(data, 'cancelled'), state: 'cancelled' });
}

async function takeLock(deps: JobDependencies, job: Job<JobData>, jobId: string, threadTs: string | undefined): Promise<HeldLock> {
  const data = job.data;
  const result = await deps.locks.acquire(data.target, {
    jobId,
    operation: data.operation,
    requestedBy: data.requestedBy,
    channel: data.channel,
    ...(threadTs === undefined ? {} : { threadTs }),
  });
  if (result.acquired) return result.lock;
  throw new PxmysqlError('target_locked', `target ${data.target} is locked by ${result.holder.operation} job ${result.holder.jobId}`, {
    kind: 'user',
    messageKey: 'job.targetLocked',
    messageParams: { target: data.target, operation: result.holder.operation, jobId: result.holder.jobId },
  });
}

async function compensate(definition: ReturnType<typeof operationOf>, context: JobContext, error: unknown, logger: Logger): Promise<void> {
  try {
    await definition.compensate?.(context, error);
  } catch (compensationError) {
    logger.error({ err: compensationError }, 'compensation failed; check the target by hand');
  }
}

async function audit(deps: JobDependencies, logger: Logger, entry: Parameters<AuditLog['record']>[0]): Promise<void> {
  try {
    await deps.audit.record(entry);
  } catch (error) {
    logger.error({ err: error, auditType: entry.type }, 'cannot write the audit entry');
  }
}

function parentMessage(data: JobData, state: JobState) {
  const custom = operationOf(data).parentMessage;
  if (custom !== undefined) return custom(data, state);
  const text = userText(data.locale, 'job.parent', {
    operation: data.operation,
    target: data.target,
    user: mention(data.requestedBy),
    state: userText(data.locale, `job.state.${state}`),
  });
  const blocks: KnownBlock[] = [section(text)];
  if ('approvedBy' in data && data.approvedBy !== undefined) blocks.push(context(userText(data.locale, 'approval.approvedBy', { user: mention(data.approvedBy) })));
  return { text, blocks };
}

/** Only a PxmysqlError's message is written to be shown; anything else gets an error id for the logs. */
function failureText(data: JobData, error: unknown, errorId: string): string {
  if (!isPxmysqlError(error)) return userText(data.locale, 'error.internal', { errorId });
  // A catalog message in the job's language when the error has one; the English message otherwise.
  const reason = error.messageKey === undefined ? escapeText(error.message) : userText(data.locale, error.messageKey, { ...error.messageParams });
  return userText(data.locale, 'job.failedBecause', { reason: new TrustedMrkdwn(reason) });
}

function describe(error: unknown): string {
  return isPxmysqlError(error) ? `${error.code}: ${error.message}` : 'internal error';
}

