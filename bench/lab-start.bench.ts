import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { bench, describe } from 'vitest';
import { startLab } from '../src/lab/launcher/start-lab.js';
import { startTestRedis } from '../test/support/services.js';
import { uniquePodSubnet } from '../test/support/pod-subnet.js';

/**
 * Time from nothing to a lab whose MySQL pod is Ready with the sample database: Redis, the API
 * server, controllers, the Slack stand-in and the bot. Stopping the lab is included.
 */
describe('lab start', () => {
  bench(
    'start and stop the whole lab',
    async () => {
      const directory = await mkdtemp(join(tmpdir(), 'pxmysql-bench-'));
      const redis = await startTestRedis();
      const lab = await startLab({
        directory,
        logger: pino({ level: 'silent' }),
        redisUrl: redis.url,
        queueName: `bench-${Date.now()}`,
        writeState: false,
        podSubnet: uniquePodSubnet(),
      });
      await lab.stop();
      await redis.stop();
      await rm(directory, { recursive: true, force: true });
    },
    { iterations: 5, time: 0, warmupIterations: 1 },
  );
});
