import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { AppConfig } from '../config/app-config.js';
import type { Logger } from '../logging.js';
import { boltLogger } from './bolt-logger.js';

/**
 * Web API client options shared by the Bolt app and the workers. Rate-limited calls are rejected
 * instead of waited out inside the SDK, so the thread reporter can honour `Retry-After` without
 * blocking a job; other failures are retried `config.slack.retries` times with backoff.
 */
export function webClientOptions(config: AppConfig, logger: Logger): WebClientOptions {
  return {
    ...(config.slack.apiUrl === undefined ? {} : { slackApiUrl: config.slack.apiUrl }),
    rejectRateLimitedCalls: true,
    retryConfig: { retries: config.slack.retries, factor: 2, minTimeout: 500, maxTimeout: 5_000 },
    timeout: 10_000,
    logger: boltLogger(logger.child({ component: 'slack-web-api' })),
  };
}

export function createWebClient(config: AppConfig, logger: Logger): WebClient {
  return new WebClient(config.slack.botToken, webClientOptions(config, logger));
}
