import type { IncidentTrigger } from '../../src/incidents/incident-request.js';
import type { JobRequestData } from '../../src/queue/job-data.js';
import type { StepState } from '../../src/runtime/step-runner.js';

/** Subject and cause of an incident, as the opener received them. */
export interface IncidentDetails {
  /** Operation the incident is about (`failover`, `restore`, …, `health`); part of the channel name. */
  about: string;
  trigger: IncidentTrigger;
  /** Plain text; escaped wherever it is shown. */
  title: string;
  /** The thread the incident comes from; absent when a command opened it, whose own thread is the source. */
  sourceThread?: { channel: string; ts: string };
  /** BullMQ id of the failed job, when a job failed. */
  failedJobId?: string;
  dedupeKey: string;
}

/** A user that could not be invited, with Slack's error or the reason. */
export interface InviteFailure {
  user: string;
  error: string;
}

/** Results of the finished steps, stored in the job data after each step (plain JSON). */
export interface IncidentState extends StepState {
  /** The channel, recorded by `create-channel`. */
  channel?: { id: string; name: string };
  /** User id of the bot, the channel's creator; it is never invited. */
  botUserId?: string;
  /** Users in the channel after `invite-on-call`, the bot excluded. */
  invited?: string[];
  notInvited?: InviteFailure[];
  /** User groups whose members could not be read, with the error. */
  unreadGroups?: InviteFailure[];
  /** Slack's error when the topic could not be set. */
  topicError?: string;
  /** Timestamp of the summary's first message in the incident channel. */
  summaryTs?: string;
  /** Timestamp of the reply in the source thread that names the channel. */
  linkTs?: string;
}

/** Job data of an incident: the request, the details and the state of the steps. */
export type IncidentJobData = Omit<JobRequestData, 'operation'> & {
  operation: 'incident';
  incident: IncidentDetails;
  state?: IncidentState;
};

/** Step names of an incident job, in order. They are stored in job data, so renaming one breaks resuming older jobs. */
export const INCIDENT_STEPS = ['create-channel', 'invite-on-call', 'set-topic', 'post-summary', 'link-source-thread'] as const;
