import type { Logger } from '../logging.js';

/** Retry limits and backoff for one failed Slack call. */
export interface RetryPolicy {
  /** Retries after HTTP 429, each after the `Retry-After` the response carried. Default 10. */
  maxRateLimitRetries: number;
  /** Retries after a network error, an HTTP 5xx or a Slack server error. Default 3. */
  maxTransientRetries: number;
  /** Wait before the first transient retry, in milliseconds, doubled for each further one. Default 1000. */
  backoffMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRateLimitRetries: 10, maxTransientRetries: 3, backoffMs: 1_000 };

/** Slack platform error codes (the `error` field of a response) that a later retry may fix. */
const TRANSIENT_PLATFORM_ERRORS = new Set(['internal_error', 'fatal_error', 'service_unavailable', 'request_timeout']);

type Failure = { kind: 'rate_limited'; waitMs: number } | { kind: 'transient' } | { kind: 'permanent' };

export type Delivery<T> = { delivered: true; result: T } | { delivered: false };

export interface DeliveryContext {
  /** Web API method name, for the logs. */
  method: string;
  policy: RetryPolicy;
  sleep: (ms: number) => Promise<void>;
  logger: Logger;
}

/**
 * Calls Slack until the call succeeds or the retries run out. Errors of the call are logged, not
 * thrown, because a failing Slack must not fail a job. A rate-limited call waits `Retry-After`
 * seconds and is sent again unchanged. Transient failures back off exponentially, and any other
 * error drops the call.
 */
export async function deliver<T>(call: () => Promise<T>, context: DeliveryContext): Promise<Delivery<T>> {
  const { method, policy, logger } = context;
  let rateLimitRetries = 0;
  let transientRetries = 0;

  for (;;) {
    try {
      return { delivered: true, result: await call() };
    } catch (error) {
      const failure = classifyFailure(error, policy.backoffMs);

      if (failure.kind === 'rate_limited' && rateLimitRetries < policy.maxRateLimitRetries) {
        rateLimitRetries += 1;
        logger.warn({ method, retryAfterMs: failure.waitMs, attempt: rateLimitRetries }, 'Slack rate-limited the call; retrying after Retry-After');
        await context.sleep(failure.waitMs);
        continue;
      }

      if (failure.kind === 'transient' && transientRetries < policy.maxTransientRetries) {
        const waitMs = policy.backoffMs * 2 ** transientRetries;
        transientRetries += 1;
        logger.warn({ err: error, method, waitMs, attempt: transientRetries }, 'Slack call failed; retrying');
        await context.sleep(waitMs);
        continue;
      }

      logger.error({ err: error, method, failure: failure.kind, rateLimitRetries, transientRetries }, 'Slack call failed; giving up on it');
      return { delivered: false };
    }
  }
}

/**
 * Sorts a thrown value by the codes `@slack/web-api` 8.x attaches: `slack_webapi_rate_limited_error`
 * with `retryAfter` in seconds, `slack_webapi_request_error` for network failures,
 * `slack_webapi_http_error` with `statusCode`, and `slack_webapi_platform_error` with `data.error`.
 */
function classifyFailure(error: unknown, defaultWaitMs: number): Failure {
  if (typeof error !== 'object' || error === null) return { kind: 'permanent' };
  const fields = error as { code?: unknown; retryAfter?: unknown; statusCode?: unknown; headers?: unknown; data?: { error?: unknown } };

  switch (fields.code) {
    case 'slack_webapi_rate_limited_error':
      return { kind: 'rate_limited', waitMs: secondsToMs(fields.retryAfter, defaultWaitMs) };
    case 'slack_webapi_request_error':
      return { kind: 'transient' };
    case 'slack_webapi_http_error': {
      const status = typeof fields.statusCode === 'number' ? fields.statusCode : 0;
      if (status === 429) return { kind: 'rate_limited', waitMs: secondsToMs(retryAfterHeader(fields.headers), defaultWaitMs) };
      return status >= 500 || status === 408 ? { kind: 'transient' } : { kind: 'permanent' };
    }
    case 'slack_webapi_platform_error': {
      const code = fields.data?.error;
      if (code === 'ratelimited') return { kind: 'rate_limited', waitMs: defaultWaitMs };
      return typeof code === 'string' && TRANSIENT_PLATFORM_ERRORS.has(code) ? { kind: 'transient' } : { kind: 'permanent' };
    }
    default:
      return { kind: 'permanent' };
  }
}

function retryAfterHeader(headers: unknown): unknown {
  if (typeof headers !== 'object' || headers === null) return undefined;
  const value = (headers as Record<string, unknown>)['retry-after'];
  return typeof value === 'string' ? Number.parseInt(value, 10) : value;
}

function secondsToMs(seconds: unknown, defaultMs: number): number {
  return typeof seconds === 'number' && Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : defaultMs;
}
