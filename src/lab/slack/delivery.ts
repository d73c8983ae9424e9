import type { DeliveryRecord } from './message-types.js';

/** Slack waits this long for an acknowledgement before it shows `operation_timeout`. */
export const ACK_TIMEOUT_MS = 3000;

/** Result of delivering one payload to the bot. */
export interface DeliveryOutcome {
  record: DeliveryRecord;
  /** The message in the acknowledgement (Socket Mode) or the HTTP response body, if any. */
  responseMessage?: Record<string, unknown>;
}

/**
 * Converts an acknowledgement body into a message: an empty body or empty object is no message,
 * a JSON object is a message, and any other text is the message's `text`.
 */
export function responseMessageFrom(body: unknown): Record<string, unknown> | undefined {
  if (body === undefined || body === null) return undefined;
  if (typeof body === 'string') {
    const trimmed = body.trim();
    if (trimmed === '') return undefined;
    if (trimmed.startsWith('{')) {
      try {
        return responseMessageFrom(JSON.parse(trimmed));
      } catch {
        return { text: body };
      }
    }
    return { text: body };
  }
  if (typeof body === 'object' && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    return Object.keys(record).length === 0 ? undefined : record;
  }
  return undefined;
}
