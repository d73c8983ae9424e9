import { z } from 'zod';

const locale = z.enum(['en', 'zh-CN']);

/** Environment variables that pxmysql reads, with their defaults. */
export const envSchema = z.object({
  PXMYSQL_TARGETS_FILE: z.string().min(1, 'must be the path of the targets YAML file'),
  SLACK_BOT_TOKEN: z.string().startsWith('xoxb-', 'must be a bot token starting with "xoxb-"'),
  SLACK_SIGNING_SECRET: z.string().min(8, 'must be the app\'s signing secret from the Slack app settings'),
  SLACK_APP_TOKEN: z.string().startsWith('xapp-', 'must be an app-level token starting with "xapp-"').optional(),
  SLACK_API_URL: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL ending in /api/' }).optional(),
  SLACK_BOT_USER_ID: z.string().regex(/^[UW][A-Z0-9]{2,}$/, 'must be a Slack user id such as U0123ABCD').optional(),
  SLACK_BOT_ID: z.string().regex(/^B[A-Z0-9]{2,}$/, 'must be a Slack bot id such as B0123ABCD').optional(),
  PXMYSQL_HTTP_HOST: z.string().default('0.0.0.0'),
  PXMYSQL_HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  REDIS_URL: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).default('redis://127.0.0.1:6379'),
  PXMYSQL_QUEUE_NAME: z.string().regex(/^[-_a-zA-Z0-9]+$/, 'must contain only letters, digits, "-" and "_"').default('pxmysql'),
  PXMYSQL_LOCALE: locale.default('en'),
  PXMYSQL_APPROVAL_TTL_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(15),
  PXMYSQL_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  PXMYSQL_WORKER_LOCK_DURATION_MS: z.coerce.number().int().min(1_000).default(30_000),
  PXMYSQL_WORKER_STALLED_INTERVAL_MS: z.coerce.number().int().min(500).default(30_000),
  PXMYSQL_SLACK_RETRIES: z.coerce.number().int().min(0).max(10).default(3),
  PXMYSQL_SCHEDULE_MIN_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(7 * 24 * 3600).default(300),
  PXMYSQL_SCHEDULE_CHECK_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
  PXMYSQL_SCHEDULE_ALERT_GRACE_SECONDS: z.coerce.number().int().min(0).max(24 * 3600).default(600),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
});

export type EnvInput = z.input<typeof envSchema>;
/** Variables whose values are secrets: never echoed in an error message. */
export const SECRET_VARIABLES = new Set(['SLACK_BOT_TOKEN', 'SLACK_SIGNING_SECRET', 'SLACK_APP_TOKEN']);
