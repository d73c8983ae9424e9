import { App, LogLevel } from '@slack/bolt';
import type { AppConfig } from '../config/app-config.js';
import type { Logger } from '../logging.js';
import { boltLogger } from './bolt-logger.js';
import { webClientOptions } from './web-client.js';

/**
 * Creates the Bolt app: Socket Mode when an app token is configured, else HTTP mode (signed
 * requests to /slack/events). With the bot's user and bot ids configured, Bolt skips its
 * `auth.test` call on every request.
 */
export function createSlackApp(config: AppConfig, logger: Logger): App {
  const knowsIdentity = config.slack.botUserId !== undefined && config.slack.botId !== undefined;
  const common = {
    token: config.slack.botToken,
    signingSecret: config.slack.signingSecret,
    logger: boltLogger(logger),
    logLevel: LogLevel.INFO,
    clientOptions: webClientOptions(config, logger),
    ...(knowsIdentity ? { tokenVerificationEnabled: false, botId: config.slack.botId, botUserId: config.slack.botUserId } : {}),
  };

  if (config.slack.appToken !== undefined) {
    return new App({ ...common, socketMode: true, appToken: config.slack.appToken });
  }
  return new App({ ...common, socketMode: false });
}

/** Starts the app: opens the Socket Mode connection, or listens for HTTP on the configured address. */
export async function startSlackApp(app: App, config: AppConfig): Promise<void> {
  if (config.slack.appToken !== undefined) await app.start();
  else await app.start({ port: config.slack.http.port, host: config.slack.http.host });
}
