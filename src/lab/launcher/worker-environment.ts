import type { AppConfig } from '../../config/app-config.js';

/**
 * Returns the environment variables that make `pxmysql worker` (a separate process) work for a
 * running lab: the same targets file, Slack stand-in, Redis and queue as the lab's bot.
 */
export function labWorkerEnvironment(config: AppConfig): Record<string, string> {
  const env: Record<string, string> = {
    PXMYSQL_TARGETS_FILE: config.targetsFile,
    SLACK_BOT_TOKEN: config.slack.botToken,
    SLACK_SIGNING_SECRET: config.slack.signingSecret,
    REDIS_URL: config.redis.url,
    PXMYSQL_QUEUE_NAME: config.queue.name,
    PXMYSQL_SLACK_RETRIES: String(config.slack.retries),
    LOG_LEVEL: config.logLevel,
  };
  if (config.slack.apiUrl !== undefined) env.SLACK_API_URL = config.slack.apiUrl;
  return env;
}
