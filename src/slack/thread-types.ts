import type { KnownBlock, OutgoingMessage } from './blocks/types.js';

/** Overall state of a job, shown on the thread's parent message and stored in its metadata. */
export type JobState = 'queued' | 'running' | 'succeeded' | 'failed' | 'cancelled';

/** The states after which a job's parent message no longer changes. */
export type FinalJobState = Extract<JobState, 'succeeded' | 'failed' | 'cancelled'>;

/** Payload of the parent message's metadata; a type alias so it fits Slack's index signature. */
export type JobEventPayload = {
  job_id: string;
  trigger_id: string;
  operation: string;
  target: string;
  state: JobState;
};

/**
 * Message metadata on a job's parent message. Other bot replicas and tools find a job's thread by
 * `event_type` and read its state without parsing text.
 */
export type JobMessageMetadata = {
  event_type: 'pxmysql_job';
  event_payload: JobEventPayload;
};

export interface ThreadPostMessageArgs {
  channel: string;
  text: string;
  blocks: KnownBlock[];
  thread_ts?: string;
  metadata?: JobMessageMetadata;
  unfurl_links?: boolean;
  unfurl_media?: boolean;
}

export interface ThreadUpdateArgs {
  channel: string;
  ts: string;
  text: string;
  blocks: KnownBlock[];
  metadata?: JobMessageMetadata;
}

/**
 * The part of `@slack/web-api`'s `WebClient` that the thread reporter calls. Configure the client
 * with `rejectRateLimitedCalls: true` so that the reporter, not the SDK, waits out HTTP 429.
 */
export interface ThreadClient {
  chat: {
    postMessage(args: ThreadPostMessageArgs): Promise<{ ts?: string; channel?: string }>;
    update(args: ThreadUpdateArgs): Promise<unknown>;
  };
}

/** New content for the parent message, with the job state it shows. */
export interface ParentUpdate extends OutgoingMessage {
  state: JobState;
}

/** The last content of the parent message, sent once every reply is delivered. */
export interface FinalParentUpdate extends OutgoingMessage {
  state: FinalJobState;
}
