import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { runLabSend } from '../../src/lab/cli/lab-send.js';
import { startLab, type Lab } from '../../src/lab/launcher/start-lab.js';
import type { RedisProcess } from '../../src/lab/processes/redis-server.js';
import type { LabTiming } from '../../src/lab/runtime/lab-runtime.js';
import { captureLogger } from './capture-logger.js';
import { uniquePodSubnet } from './pod-subnet.js';
import { startTestRedis } from './services.js';

export interface TestLab {
  lab: Lab;
  redis: RedisProcess;
  logs: ReturnType<typeof captureLogger>;
  /** Runs `lab send` as `user` and returns its exit code and everything it printed. */
  send(user: string, text: string, options?: { timeoutMs?: number; channel?: string }): Promise<{ code: number; output: string }>;
  stop(): Promise<void>;
}

export interface TestLabOptions {
  delivery: 'socket' | 'http';
  /** Controller timing of the lab cluster, such as short node-down timeouts; the lab defaults when absent. */
  timing?: Partial<LabTiming>;
  /** Snapshot API of the lab's target; STORK when absent. */
  snapshotApi?: 'csi' | 'stork';
  /** Start the lab's bot; false for tests that start their own, such as with other settings. Default true. */
  bot?: boolean;
  /** Health watch thresholds of the lab's target; the lab's defaults (3 s and 60 s) when absent. */
  health?: { alertAfterSeconds: number; incidentAfterSeconds: number };
}

/** Starts a whole lab for one test file, with its own Redis, queue name and temporary folder. */
export async function startTestLab(options: TestLabOptions): Promise<TestLab> {
  const directory = await mkdtemp(join(tmpdir(), 'pxmysql-lab-test-'));
  const redis = await startTestRedis();
  const logs = captureLogger('debug');
  const lab = await startLab({
    directory,
    logger: logs.logger,
    delivery: options.delivery,
    redisUrl: redis.url,
    queueName: `test-${randomUUID()}`,
    writeState: false,
    podSubnet: uniquePodSubnet(),
    ...(options.timing === undefined ? {} : { timing: options.timing }),
    ...(options.snapshotApi === undefined ? {} : { snapshotApi: options.snapshotApi }),
    ...(options.bot === undefined ? {} : { bot: options.bot }),
    ...(options.health === undefined ? {} : { health: options.health }),
  });

  return {
    lab,
    redis,
    logs,
    send: async (user, text, sendOptions = {}) => {
      const chunks: string[] = [];
      const sink = new Writable({
        write(chunk: Buffer, _encoding, callback) {
          chunks.push(chunk.toString());
          callback();
        },
      });
      const code = await runLabSend({
        user,
        text,
        json: false,
        timeoutMs: sendOptions.timeoutMs ?? 20_000,
        settleMs: 300,
        controlUrl: lab.state.slack.controlUrl,
        ...(sendOptions.channel === undefined ? {} : { channel: sendOptions.channel }),
        out: sink,
        err: sink,
      });
      return { code, output: chunks.join('') };
    },
    stop: async () => {
      await lab.stop();
      await redis.stop();
      await rm(directory, { recursive: true, force: true });
    },
  };
}
