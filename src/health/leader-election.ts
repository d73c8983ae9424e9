import type { Logger } from '../logging.js';
import type { LeaderLease } from './leader-lease.js';

export type DeposedReason = 'lost' | 'renewal-failed' | 'stopped';

export interface LeaderElectionOptions {
  lease: LeaderLease;
  logger: Logger;
  /** How often the leader renews and a follower tries to take the lease, in ms. Default: a third of the TTL. */
  intervalMs?: number;
  /** Runs once each time this contender becomes the leader. */
  onElected(): void | Promise<void>;
  /** Runs once each time this contender stops being the leader, before another can take over if Redis is reachable. */
  onDeposed(reason: DeposedReason): void | Promise<void>;
  /** Clock in ms; default `Date.now`. */
  now?: () => number;
}

export interface LeaderElection {
  isLeader(): boolean;
  /** Stops campaigning. A leader runs `onDeposed('stopped')` and then releases the lease. */
  stop(): Promise<void>;
}

/**
 * Campaigns for a Redis lease so that one contender among all bot replicas leads. Every interval a
 * follower tries `SET NX PX`, and the leader renews. A leader that cannot renew (Redis unreachable)
 * steps down once the time since its last confirmed renewal plus one interval would pass the TTL,
 * that is before its key can expire in Redis and a follower take over. Timer delays longer than
 * that margin can still overlap two leaders, so state writes are fenced with the lease token too.
 */
export function startLeaderElection(options: LeaderElectionOptions): LeaderElection {
  const { lease, logger } = options;
  const intervalMs = options.intervalMs ?? Math.max(1, Math.floor(lease.ttlMs / 3));
  const now = options.now ?? Date.now;
  const log = logger.child({ leaseKey: lease.key });

  let leader = false;
  let stopped = false;
  let confirmedAt = 0;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> = Promise.resolve();

  const runHook = async (name: string, hook: () => void | Promise<void>): Promise<void> => {
    try {
      await hook();
    } catch (error) {
      log.error({ err: error }, `leader election ${name} hook failed`);
    }
  };

  const depose = async (reason: DeposedReason): Promise<void> => {
    leader = false;
    if (reason === 'stopped') log.info({ reason }, 'no longer the leader');
    else log.warn({ reason }, 'no longer the leader');
    await runHook('onDeposed', () => options.onDeposed(reason));
  };

  const campaign = async (): Promise<void> => {
    const startedAt = now();
    if (leader) {
      try {
        const renewed = await lease.renew();
        failures = 0;
        if (renewed) confirmedAt = startedAt;
        else await depose('lost');
      } catch (error) {
        failures += 1;
        if (failures === 1 || failures % 10 === 0) log.warn({ err: error, failures }, 'leader lease renewal failed, retrying');
        if (now() - confirmedAt + intervalMs >= lease.ttlMs) await depose('renewal-failed');
      }
      return;
    }

    try {
      if (!(await lease.tryAcquire())) return;
    } catch (error) {
      failures += 1;
      if (failures === 1 || failures % 10 === 0) log.warn({ err: error, failures }, 'cannot reach Redis to take the leader lease, retrying');
      return;
    }
    failures = 0;
    if (stopped) {
      await lease.release().catch(() => undefined);
      return;
    }
    leader = true;
    confirmedAt = startedAt;
    log.info('elected leader');
    await runHook('onElected', () => options.onElected());
  };

  const schedule = (delayMs: number): void => {
    timer = setTimeout(() => {
      running = campaign().finally(() => {
        if (!stopped) schedule(intervalMs);
      });
    }, delayMs);
    timer.unref();
  };
  schedule(0);

  return {
    isLeader: () => leader,
    stop: async () => {
      stopped = true;
      clearTimeout(timer);
      await running;
      if (!leader) return;
      await depose('stopped');
      await lease.release().catch((error: unknown) => log.warn({ err: error }, 'cannot release the leader lease; it expires after its TTL'));
    },
  };
}
