/** Message and event shapes shared by the lab's Slack store, servers and CLI clients. */

/** Slack message metadata as `chat.postMessage` and `chat.update` accept it. */
export interface MessageMetadata {
  event_type: string;
  event_payload: Record<string, unknown>;
}

/** A message in Slack's own field names, as `chat.postMessage` returns it in `message`. */
export interface LabMessage {
  type: 'message';
  ts: string;
  channel: string;
  team: string;
  user: string;
  bot_id?: string;
  app_id?: string;
  text: string;
  blocks?: unknown[];
  metadata?: MessageMetadata;
  thread_ts?: string;
  reply_broadcast?: boolean;
  edited?: { user: string; ts: string };
}

/** Web API method or delivery path that produced a message in the store. */
export type MessageSource =
  | 'chat.postMessage'
  | 'chat.update'
  | 'chat.postEphemeral'
  | 'response_url'
  | 'immediate_response';

/**
 * Outcome of delivering one slash command or click to the bot. `error` uses the names Slack shows
 * to the user: `dispatch_failed` (no connection, refused, or a non-200 response) and
 * `operation_timeout` (no acknowledgement within the deadline).
 */
export interface DeliveryRecord {
  mode: 'socket' | 'http';
  ok: boolean;
  error?: 'dispatch_failed' | 'operation_timeout';
  /** HTTP status of the bot's response, for HTTP delivery. */
  status?: number;
  detail?: string;
  elapsedMs: number;
}

export type LabEventKind = 'message' | 'update' | 'delete' | 'ephemeral' | 'delivery';

/** One entry of the store's event stream, as the control API streams it in NDJSON. */
export interface LabEvent {
  seq: number;
  kind: LabEventKind;
  at: string;
  channel: string;
  source?: MessageSource;
  /** Slash command this event belongs to, when known. */
  commandId?: string;
  /** Button click this event belongs to, when known. */
  clickId?: string;
  /** User to whom an ephemeral message is visible. */
  visibleTo?: string;
  message?: LabMessage;
  delivery?: DeliveryRecord;
}

/** A message to post, as MessageStore.post takes it. */
export interface NewMessage {
  channel: string;
  user: string;
  botId?: string;
  appId?: string;
  text: string;
  blocks?: unknown[];
  metadata?: MessageMetadata;
  threadTs?: string;
  replyBroadcast?: boolean;
  source: MessageSource;
  commandId?: string;
  clickId?: string;
}

export interface MessageChanges {
  text?: string;
  blocks?: unknown[];
  metadata?: MessageMetadata;
  source: MessageSource;
  clickId?: string;
}

export interface NewEphemeral {
  channel: string;
  visibleTo: string;
  user: string;
  botId?: string;
  text: string;
  blocks?: unknown[];
  threadTs?: string;
  source: MessageSource;
  commandId?: string;
  clickId?: string;
}

/** An ephemeral message with the user who sees it. */
export interface StoredEphemeral {
  message: LabMessage;
  visibleTo: string;
  commandId?: string;
}
