import { Redis, type RedisOptions } from 'ioredis';
import type { Logger } from '../logging.js';

/**
 * Creates the Redis connection for producers on the Slack request path. It fails fast when Redis is
 * down (no offline queue, one attempt per command, short connect timeout), so an outage can never
 * delay a Slack acknowledgement.
 */
export function createProducerConnection(url: string, logger: Logger): Redis {
  return withErrorLogging(
    new Redis(url, {
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: 2_000,
      retryStrategy: (attempt) => Math.min(attempt * 200, 2_000),
      lazyConnect: false,
    } satisfies RedisOptions),
    logger,
    'producer',
  );
}

/** Creates a connection for BullMQ workers, which must wait for Redis instead of failing commands. */
export function createWorkerConnection(url: string, logger: Logger): Redis {
  return withErrorLogging(
    new Redis(url, { maxRetriesPerRequest: null, retryStrategy: (attempt) => Math.min(attempt * 500, 5_000) }),
    logger,
    'worker',
  );
}

function withErrorLogging(redis: Redis, logger: Logger, role: string): Redis {
  let consecutiveErrors = 0;
  redis.on('error', (error: Error) => {
    consecutiveErrors += 1;
    // One line for the first failure, then one every 50, so a long outage does not flood the log.
    if (consecutiveErrors === 1 || consecutiveErrors % 50 === 0) {
      logger.warn({ err: error, role, consecutiveErrors }, 'redis connection error');
    }
  });
  redis.on('ready', () => {
    if (consecutiveErrors > 0) logger.info({ role, consecutiveErrors }, 'redis connection restored');
    consecutiveErrors = 0;
  });
  return redis;
}
