import { startRedisServer, type RedisProcess } from '../../src/lab/processes/redis-server.js';

/**
 * Starts a private redis-server for a test file on a free loopback port in a temporary folder. A
 * missing binary fails the test with the Debian package to install; nothing is skipped.
 */
export async function startTestRedis(): Promise<RedisProcess> {
  return await startRedisServer();
}
