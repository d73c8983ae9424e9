import { loadConfig } from '../config/load-config.js';
import { createRootLogger } from '../logging.js';
import { startBot } from '../runtime/start-bot.js';
import { startWorker } from '../runtime/start-worker.js';
import { waitForShutdownSignal } from './shutdown.js';

/** `pxmysql serve` and `pxmysql worker`: run against the configured Slack workspace and clusters. */
export async function runServe(options: { worker: boolean; slack: boolean }): Promise<number> {
  const config = loadConfig();
  const logger = createRootLogger({ level: config.logLevel });
  const running = options.slack ? await startBot(config, logger, { worker: options.worker }) : await startWorker(config, logger);
  const signal = await waitForShutdownSignal();
  logger.info({ signal }, 'shutting down');
  await running.stop();
  return 0;
}
