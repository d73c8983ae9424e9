import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../errors.js';
import { deepFreeze, type AppConfig } from './app-config.js';
import { SECRET_VARIABLES, envSchema } from './env-schema.js';
import { formatIssues } from './format-issues.js';
import { targetsFileSchema, type TargetConfig } from './targets-schema.js';

export interface LoadConfigOptions {
  env?: Record<string, string | undefined>;
  readFile?: (path: string) => string;
}

/**
 * Parses the environment and the targets file into one frozen configuration, or throws a
 * ConfigError listing every problem with its variable or file key, the value found and the fix.
 */
export function loadConfig(options: LoadConfigOptions = {}): AppConfig {
  const env = options.env ?? process.env;
  const readFile = options.readFile ?? ((path: string) => readFileSync(path, 'utf8'));

  const parsedEnv = envSchema.safeParse(env);
  if (!parsedEnv.success) {
    throw new ConfigError(
      formatIssues(parsedEnv.error.issues, {
        source: 'environment variable',
        root: env,
        secretKeys: SECRET_VARIABLES,
        fix: 'Set the variables above (see "Environment variables" in README.md), or run `pxmysql lab` to try pxmysql without Slack or a cluster.',
      }),
    );
  }
  const vars = parsedEnv.data;
  const targetsPath = resolve(vars.PXMYSQL_TARGETS_FILE);
  const targetsFile = readTargetsFile(targetsPath, readFile);

  return deepFreeze({
    slack: {
      botToken: vars.SLACK_BOT_TOKEN,
      signingSecret: vars.SLACK_SIGNING_SECRET,
      appToken: vars.SLACK_APP_TOKEN,
      apiUrl: vars.SLACK_API_URL,
      botUserId: vars.SLACK_BOT_USER_ID,
      botId: vars.SLACK_BOT_ID,
      http: { host: vars.PXMYSQL_HTTP_HOST, port: vars.PXMYSQL_HTTP_PORT },
      retries: vars.PXMYSQL_SLACK_RETRIES,
    },
    redis: { url: vars.REDIS_URL },
    queue: { name: vars.PXMYSQL_QUEUE_NAME },
    locale: vars.PXMYSQL_LOCALE,
    worker: {
      concurrency: vars.PXMYSQL_WORKER_CONCURRENCY,
      lockDurationMs: vars.PXMYSQL_WORKER_LOCK_DURATION_MS,
      stalledIntervalMs: vars.PXMYSQL_WORKER_STALLED_INTERVAL_MS,
    },
    approvals: { ttlMs: vars.PXMYSQL_APPROVAL_TTL_MINUTES * 60_000 },
    schedules: {
      minIntervalMs: vars.PXMYSQL_SCHEDULE_MIN_INTERVAL_SECONDS * 1_000,
      checkIntervalMs: vars.PXMYSQL_SCHEDULE_CHECK_INTERVAL_SECONDS * 1_000,
      alertGraceMs: vars.PXMYSQL_SCHEDULE_ALERT_GRACE_SECONDS * 1_000,
    },
    logLevel: vars.LOG_LEVEL,
    targetsFile: targetsPath,
    ...targetsFile,
  });
}

function readTargetsFile(path: string, readFile: (path: string) => string): Pick<AppConfig, 'defaultTarget' | 'targets' | 'roles'> {
  let text: string;
  try {
    text = readFile(path);
  } catch (error) {
    throw new ConfigError(`cannot read the targets file ${path} (PXMYSQL_TARGETS_FILE): ${(error as Error).message}. Fix the path or create the file.`, error);
  }

  let raw: unknown;
  try {
    raw = parseYaml(text);
  } catch (error) {
    throw new ConfigError(`the targets file ${path} is not valid YAML: ${(error as Error).message}`, error);
  }

  const parsed = targetsFileSchema.safeParse(raw);
  if (!parsed.success) {
    throw new ConfigError(
      formatIssues(parsed.error.issues, { source: `${path}:`, root: raw, fix: 'Fix these keys in the targets file (see "Targets file" in README.md).' }),
    );
  }

  const file = parsed.data;
  const names = Object.keys(file.targets);
  if (names.length === 0) throw new ConfigError(`${path}: targets: at least one target is required`);
  if (file.defaultTarget !== undefined && !names.includes(file.defaultTarget)) {
    throw new ConfigError(`${path}: defaultTarget: "${file.defaultTarget}" is not one of the targets (${names.join(', ')})`);
  }

  const targets: Record<string, TargetConfig> = {};
  for (const [name, target] of Object.entries(file.targets)) {
    const cluster =
      'kubeconfig' in target.cluster
        ? { ...target.cluster, kubeconfig: resolveFrom(dirname(path), target.cluster.kubeconfig) }
        : target.cluster;
    // A target without its own on-call list uses the file's, so jobs read one place.
    targets[name] = { ...target, cluster, name, onCall: target.onCall ?? file.onCall };
  }

  return {
    defaultTarget: file.defaultTarget ?? (names.length === 1 ? names[0] : undefined),
    targets,
    roles: file.roles,
  };
}

function resolveFrom(directory: string, path: string): string {
  return isAbsolute(path) ? path : resolve(directory, path);
}
