/** The job asking for a target lock, and where to point people who collide with it. */
export interface LockRequest {
  /** BullMQ job id, which identifies the owner. A resumed job with the same id takes its lock back. */
  jobId: string;
  operation: string;
  /** Slack user id of the person who requested the operation. */
  requestedBy: string;
  /** Slack channel and thread where the job reports. */
  channel?: string;
  threadTs?: string;
}

/** The job that holds a target lock, and since when. */
export interface LockHolder extends LockRequest {
  since: Date;
}

export interface AcquireOptions {
  /** Lock lifetime in ms unless renewed. Default 30 000. */
  ttlMs?: number;
}
