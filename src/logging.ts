import { pino, type Logger, type LoggerOptions, type DestinationStream } from 'pino';

export type { Logger } from 'pino';

/**
 * Paths removed from every log line. Tokens, passwords and Kubernetes Secret data must never reach
 * the logs, whatever object they arrive in.
 */
export const REDACTED_PATHS = [
  'token',
  'botToken',
  'appToken',
  'signingSecret',
  'password',
  'rootPassword',
  'authorization',
  'headers.authorization',
  'headers["x-slack-signature"]',
  'req.headers.authorization',
  '*.token',
  '*.botToken',
  '*.appToken',
  '*.signingSecret',
  '*.password',
  '*.rootPassword',
  '*.authorization',
  'secret.data',
  'secret.stringData',
  '*.stringData',
  'env.SLACK_BOT_TOKEN',
  'env.SLACK_APP_TOKEN',
  'env.SLACK_SIGNING_SECRET',
];

export interface RootLoggerOptions {
  level?: string;
  name?: string;
  destination?: DestinationStream;
}

/** Creates the process's root logger; every other logger is a child of it. */
export function createRootLogger(options: RootLoggerOptions = {}): Logger {
  const pinoOptions: LoggerOptions = {
    name: options.name ?? 'pxmysql',
    level: options.level ?? process.env.LOG_LEVEL ?? 'info',
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
  };
  return options.destination ? pino(pinoOptions, options.destination) : pino(pinoOptions);
}

/** Identifiers that every log line about one job carries. */
export interface JobLogFields {
  jobId: string;
  operation: string;
  target: string;
  slackUser?: string;
}

/** Creates the child logger for one job. */
export function jobLogger(parent: Logger, fields: JobLogFields): Logger {
  return parent.child({
    jobId: fields.jobId,
    operation: fields.operation,
    target: fields.target,
    ...(fields.slackUser ? { slackUser: fields.slackUser } : {}),
  });
}
