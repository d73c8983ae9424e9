import type { Locale } from '../config/app-config.js';

/** Cause of an incident channel: a command, a failed job or an unanswered health alert. */
export type IncidentTrigger = 'command' | 'job-failed' | 'health-alert';

/**
 * Request to open an incident channel for a target. The channel is named from the date, the
 * target and `operation`. On-call people are invited, and a summary of the target's state is
 * posted there with a link back to `sourceThread`.
 */
export interface IncidentRequest {
  target: string;
  /** Operation the incident is about: `failover`, `restore`, …, or `health` for a health alert. */
  operation: string;
  trigger: IncidentTrigger;
  /** Plain text, shown escaped: what went wrong, or the title a user typed. */
  title: string;
  /** Slack user id of the person who asked, when a person did. */
  requestedBy?: string;
  /** The thread the incident comes from: a job thread or a health alert. The channel's link points there. */
  sourceThread?: { channel: string; ts: string };
  /** Channel for the incident job's own thread when there is no `sourceThread`, such as the channel a command came from. */
  channel?: string;
  /** BullMQ id of the failed job, when a job failed. */
  jobId?: string;
  /** Key that makes repeated requests for the same cause open one channel (job id, alert id, trigger id). */
  dedupeKey: string;
  locale: Locale;
}

/** Opens (or enqueues the opening of) an incident channel. Resolves once the request is accepted. */
export type OpenIncident = (request: IncidentRequest) => Promise<void>;
