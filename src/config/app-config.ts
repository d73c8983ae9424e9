import type { Role } from './names.js';
import type { TargetConfig } from './targets-schema.js';

export type Locale = 'en' | 'zh-CN';

/** The whole parsed configuration of a pxmysql process. Frozen after parsing. */
export interface AppConfig {
  readonly slack: {
    readonly botToken: string;
    readonly signingSecret: string;
    /** Set → Socket Mode; unset → HTTP mode on `http`. */
    readonly appToken: string | undefined;
    /** Web API base URL; unset → Slack's own. */
    readonly apiUrl: string | undefined;
    readonly botUserId: string | undefined;
    readonly botId: string | undefined;
    readonly http: { readonly host: string; readonly port: number };
    /** Retries of a failed Web API call (network errors and 5xx). */
    readonly retries: number;
  };
  readonly redis: { readonly url: string };
  readonly queue: { readonly name: string };
  readonly locale: Locale;
  readonly worker: {
    readonly concurrency: number;
    /** How long a worker's claim on a job lasts without renewal; a dead worker's job stalls after it. */
    readonly lockDurationMs: number;
    /** How often workers look for stalled jobs to resume. */
    readonly stalledIntervalMs: number;
  };
  readonly approvals: {
    /** How long an approval request can be decided, in milliseconds. */
    readonly ttlMs: number;
  };
  readonly schedules: {
    /** Shortest allowed time between two runs of a schedule, in milliseconds. */
    readonly minIntervalMs: number;
    /** How often each bot process looks for schedules that missed their window, in milliseconds. */
    readonly checkIntervalMs: number;
    /** Time added to two cron intervals before a schedule without a successful run is reported, in milliseconds. */
    readonly alertGraceMs: number;
  };
  readonly logLevel: string;
  readonly targetsFile: string;
  readonly defaultTarget: string | undefined;
  readonly targets: Readonly<Record<string, Readonly<TargetConfig>>>;
  readonly roles: {
    readonly users: Readonly<Record<string, Role>>;
    readonly groups: Readonly<Record<string, Role>>;
  };
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as Record<string, unknown>)) deepFreeze(child);
  }
  return value;
}
