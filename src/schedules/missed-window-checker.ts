import type { WebClient } from '@slack/web-api';
import type { Redis } from 'ioredis';
import { listScheduledSnapshots } from '../../jobs/scheduled-snapshot/scheduled-snapshots.js';
import type { AppConfig } from '../config/app-config.js';
import { describeError } from '../errors.js';
import type { Logger } from '../logging.js';
import type { TargetClusters } from '../runtime/target-clusters.js';
import { section } from '../slack/blocks/builders.js';
import { inlineCode, userText } from '../slack/user-text.js';
import { findMissedWindow, type MissedWindow } from './missed-window.js';
import type { ScheduleStore, StoredSchedule } from './schedule-store.js';

/**
 * Lifetime of an alert's dedupe key. The key names the window, so it only has to outlive the
 * window. A window longer than this (a cron that runs less often than every two weeks) is alerted
 * again when the key expires.
 */
const ALERT_KEY_TTL_MS = 30 * 24 * 3600 * 1_000;

export interface MissedWindowDependencies {
  schedules: Pick<ScheduleStore, 'list'>;
  redis: Pick<Redis, 'set'>;
  slack: Pick<WebClient, 'chat'>;
  clusters: Pick<TargetClusters, 'kubeConfig'>;
  config: AppConfig;
  logger: Logger;
  now?: () => number;
}

/**
 * Checks every snapshot schedule once: when no scheduled snapshot of it has become ready for two
 * planned runs plus the grace, it posts an alert in the schedule's channel. `SET key NX PX` in
 * Redis makes each window alert once, however many bot processes run the check. Returns the ids
 * of the schedules alerted by this process.
 */
export async function checkMissedWindows(deps: MissedWindowDependencies): Promise<string[]> {
  const now = (deps.now ?? Date.now)();
  const alerted: string[] = [];
  for (const stored of await deps.schedules.list()) {
    if (stored.spec.kind !== 'snapshot') continue;
    const target = deps.config.targets[stored.spec.target];
    if (target === undefined) continue;
    const log = deps.logger.child({ scheduleId: stored.spec.id, target: stored.spec.target });
    try {
      const snapshots = await listScheduledSnapshots(deps.clusters.kubeConfig(target.name), target, stored.spec.id);
      const lastSuccess = Math.max(0, ...snapshots.filter((snapshot) => snapshot.ready).map((snapshot) => snapshot.createdAtMs));
      const since = Math.max(lastSuccess, Date.parse(stored.spec.updatedAt) || 0);
      const missed = findMissedWindow({ cron: stored.spec.cron, timezone: stored.spec.timezone, since, now, graceMs: deps.config.schedules.alertGraceMs });
      if (missed === undefined) continue;
      if (await postAlertOnce(deps, stored, since, lastSuccess, missed, log)) alerted.push(stored.spec.id);
    } catch (error) {
      log.warn({ err: error, reason: describeError(error) }, 'missed-window check of a schedule failed; the next check retries it');
    }
  }
  return alerted;
}

async function postAlertOnce(deps: MissedWindowDependencies, stored: StoredSchedule, since: number, lastSuccess: number, missed: MissedWindow, log: Logger): Promise<boolean> {
  const key = `pxmysql:schedule-alert:${stored.spec.id}:${since}:${missed.window}`;
  const claimed = await deps.redis.set(key, String(process.pid), 'PX', ALERT_KEY_TTL_MS, 'NX');
  if (claimed !== 'OK') return false;

  const { spec } = stored;
  const text = userText(spec.locale, 'schedule.missedWindow', {
    id: inlineCode(spec.id),
    target: inlineCode(spec.target),
    runs: missed.missedRuns,
    lastSuccess: lastSuccess === 0 ? userText(spec.locale, 'schedule.missedWindow.never') : new Date(lastSuccess).toISOString(),
  });
  await deps.slack.chat.postMessage({ channel: spec.channel, text, blocks: [section(text)] });
  log.warn({ missedRuns: missed.missedRuns, window: missed.window, channel: spec.channel }, 'posted missed-window alert of a schedule');
  return true;
}

/** Runs checkMissedWindows every `config.schedules.checkIntervalMs` until stopped; runs never overlap. */
export function startMissedWindowChecker(deps: MissedWindowDependencies): { stop(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<unknown> = Promise.resolve();
  let stopped = false;
  const schedule = (): void => {
    timer = setTimeout(() => {
      running = checkMissedWindows(deps)
        .catch((error: unknown) => deps.logger.warn({ err: error, reason: describeError(error) }, 'missed-window check failed; the next check retries it'))
        .finally(() => {
          if (!stopped) schedule();
        });
    }, deps.config.schedules.checkIntervalMs);
  };
  schedule();
  deps.logger.info({ checkIntervalMs: deps.config.schedules.checkIntervalMs }, 'missed-window checker started');
  return {
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
    },
  };
}
