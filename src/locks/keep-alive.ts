import { isPxmysqlError, type PxmysqlError } from '../errors.js';
import type { Logger } from '../logging.js';
import type { LockHolder } from './lock-types.js';

export interface KeepAliveOptions {
  /** Callback run once when the lock is found lost, after renewal has stopped. */
  onLost?: (error: PxmysqlError) => void;
}

export interface KeepAliveHandle {
  stop(): void;
}

interface RenewableLock {
  readonly target: string;
  readonly holder: LockHolder;
  readonly ttlMs: number;
  renew(): Promise<void>;
}

/**
 * Renews a lock every ttl/3 ms. A lost lock is logged as an error and stops renewal. A failed
 * renewal (Redis unreachable) is logged as a warning, once and then every 10th time, and retried on
 * the next tick. A tick is skipped while the previous renewal is still waiting for Redis. The timer
 * does not keep the process alive.
 */
export function keepLockAlive(lock: RenewableLock, logger: Logger, options: KeepAliveOptions = {}): KeepAliveHandle {
  const ids = { target: lock.target, jobId: lock.holder.jobId };
  let renewing = false;
  let stopped = false;
  let failures = 0;

  const tick = async (): Promise<void> => {
    if (renewing || stopped) return;
    renewing = true;
    try {
      await lock.renew();
      failures = 0;
    } catch (error) {
      if (stopped) return;
      if (isPxmysqlError(error) && error.code === 'lock_lost') {
        stop();
        logger.error({ ...ids, err: error }, 'target lock lost');
        options.onLost?.(error);
        return;
      }
      failures += 1;
      if (failures === 1 || failures % 10 === 0) logger.warn({ ...ids, err: error, failures }, 'target lock renewal failed, retrying');
    } finally {
      renewing = false;
    }
  };

  const timer = setInterval(() => void tick(), Math.max(1, Math.floor(lock.ttlMs / 3)));
  timer.unref();

  function stop(): void {
    stopped = true;
    clearInterval(timer);
  }
  return { stop };
}
