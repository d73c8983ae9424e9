import { isPxmysqlError } from '../errors.js';
import type { Logger } from '../logging.js';
import type { JobData, Operation } from '../queue/job-data.js';
import type { OpenIncident } from './incident-request.js';

/** Operations whose failure may leave the database changed or unavailable, so on-call gets an incident channel. */
export const INCIDENT_OPERATIONS: ReadonlySet<Operation> = new Set<Operation>(['failover', 'restore', 'promote', 'drop', 'expand']);

/**
 * Error codes that open no incident: a job that a person cancelled fails on purpose, and a job that
 * found its target locked by another job stopped before its first step.
 */
const NO_INCIDENT_CODES: ReadonlySet<string> = new Set(['job_cancelled', 'target_locked']);

export interface FailedJob {
  data: JobData;
  jobId: string;
  /** Timestamp of the job thread's parent message, when it was posted. */
  threadTs: string | undefined;
  error: unknown;
  /** Id under which the error was logged, for errors whose message is not shown to users. */
  errorId: string;
}

/**
 * Opens an incident for a failed job of a destructive operation, with the job's thread as the
 * source and the job id as the dedupe key, unless the job was cancelled or found its target
 * locked. Returns whether it asked for one. It never throws, because it runs on the failure path,
 * so a failure to enqueue is logged.
 */
export async function openIncidentAfterFailure(open: OpenIncident | undefined, failed: FailedJob, logger: Logger): Promise<boolean> {
  const { data, jobId, error } = failed;
  if (open === undefined || !INCIDENT_OPERATIONS.has(data.operation)) return false;
  if (isPxmysqlError(error) && NO_INCIDENT_CODES.has(error.code)) return false;

  const title = isPxmysqlError(error) ? error.message : `internal error (error id ${failed.errorId})`;
  try {
    await open({
      target: data.target,
      operation: data.operation,
      trigger: 'job-failed',
      title,
      requestedBy: data.requestedBy,
      ...(failed.threadTs === undefined ? { channel: data.channel } : { sourceThread: { channel: data.channel, ts: failed.threadTs } }),
      jobId,
      dedupeKey: jobId,
      locale: data.locale,
    });
    return true;
  } catch (openError) {
    logger.error({ err: openError, jobId, target: data.target, channel: data.channel }, 'cannot open an incident for the failed job');
    return false;
  }
}
