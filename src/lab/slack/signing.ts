import { createHmac } from 'node:crypto';

/** Signature parameters a test may override to check that the bot rejects a bad request. */
export interface SigningOverride {
  /** Secret to sign with instead of the configured one. */
  secret?: string;
  /** Unix time in seconds to put in `x-slack-request-timestamp` and the signed string. */
  timestamp?: number;
}

/**
 * Creates Slack's request-signing headers: `x-slack-signature` is `v0=` and the hex HMAC-SHA256 of
 * `v0:TIMESTAMP:BODY` keyed with the signing secret. Receivers reject timestamps older than 5 minutes.
 */
export function signRequest(
  signingSecret: string,
  body: string,
  timestampSeconds = Math.floor(Date.now() / 1000),
): Record<string, string> {
  const digest = createHmac('sha256', signingSecret).update(`v0:${timestampSeconds}:${body}`).digest('hex');
  return {
    'x-slack-request-timestamp': String(timestampSeconds),
    'x-slack-signature': `v0=${digest}`,
  };
}
