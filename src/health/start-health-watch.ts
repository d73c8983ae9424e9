import type { Redis } from 'ioredis';
import type { WebClient } from '@slack/web-api';
import type { AppConfig } from '../config/app-config.js';
import type { TargetConfig } from '../config/targets-schema.js';
import type { OpenIncident } from '../incidents/incident-request.js';
import type { TargetLocks } from '../locks/target-locks.js';
import type { Logger } from '../logging.js';
import type { TargetClusters } from '../runtime/target-clusters.js';
import { AlertStore } from './alert-store.js';
import { HealthWatcher } from './health-watcher.js';
import { startLeaderElection } from './leader-election.js';
import { LeaderLease } from './leader-lease.js';
import { readTargetHealth } from './read-target-health.js';
import type { TargetHealth } from './target-health.js';

/** Key of the health watch's leader lease in Redis. */
export const HEALTH_LEADER_KEY = 'pxmysql:health:leader';

export interface HealthWatchOptions {
  config: Pick<AppConfig, 'locale' | 'targets'>;
  redis: Redis;
  slack: Pick<WebClient, 'chat'>;
  clusters: Pick<TargetClusters, 'kubeConfig'>;
  locks: Pick<TargetLocks, 'current'>;
  openIncident: OpenIncident;
  logger: Logger;
  /** Lease TTL in ms; default 15 000, so a new leader takes over within 15 s of a replica's death. */
  leaseTtlMs?: number;
  /** Replaces the cluster read, for tests. */
  readHealth?: (target: TargetConfig) => Promise<TargetHealth>;
}

export interface RunningHealthWatch {
  isLeader(): boolean;
  stop(): Promise<void>;
}

/**
 * Campaigns for the health watch's leader lease and, while leading, checks every target that
 * has a channel for its alerts. Targets without channels are not watched.
 *
 * The watch polls (a list of the Deployment's pods and a read of their nodes) instead of
 * keeping watches open. The thresholds are tens of seconds, a fresh leader must list everything
 * anyway, and a poll cannot miss an event or hold a stale cache the way a broken watch can. The
 * interval is a quarter of the shortest `alertAfterSeconds`, between 0.5 s and 5 s, so an alert
 * is posted at most a quarter late.
 */
export function startHealthWatch(options: HealthWatchOptions): RunningHealthWatch {
  const log = options.logger.child({ component: 'health-watch' });
  const targets = Object.values(options.config.targets);
  const watched = targets.filter((target) => target.channels.length > 0);
  for (const target of targets) {
    if (target.channels.length === 0) log.warn({ target: target.name }, 'target has no channels, so its health is not watched');
  }

  if (watched.length === 0) return { isLeader: () => false, stop: async () => undefined };

  const shortestAlertMs = Math.min(...watched.map((target) => target.health.alertAfterSeconds * 1_000));
  const intervalMs = Math.min(5_000, Math.max(500, Math.floor(shortestAlertMs / 4)));
  const lease = new LeaderLease(options.redis, HEALTH_LEADER_KEY, options.leaseTtlMs ?? 15_000);
  const readHealth = options.readHealth ?? ((target: TargetConfig) => readTargetHealth(options.clusters.kubeConfig(target.name), target));
  const watcher = new HealthWatcher({
    config: options.config,
    targets: watched,
    alerts: new AlertStore(options.redis),
    fence: lease,
    readHealth,
    locks: options.locks,
    slack: options.slack,
    openIncident: options.openIncident,
    logger: log,
  });

  let loop: { stop(): Promise<void> } | undefined;
  const election = startLeaderElection({
    lease,
    logger: log,
    onElected: () => {
      log.info({ targets: watched.map((target) => target.name), intervalMs }, 'health watch started');
      loop = startPolling(() => watcher.checkAll(), intervalMs);
    },
    onDeposed: async (reason) => {
      await loop?.stop();
      loop = undefined;
      log.info({ reason }, 'health watch stopped');
    },
  });

  return { isLeader: () => election.isLeader(), stop: () => election.stop() };
}

/** Runs `check` now and then `intervalMs` after each run ends, so two runs never overlap. */
function startPolling(check: () => Promise<void>, intervalMs: number): { stop(): Promise<void> } {
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();
  const run = (): void => {
    running = check().finally(() => {
      if (stopped) return;
      timer = setTimeout(run, intervalMs);
      timer.unref();
    });
  };
  run();
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
