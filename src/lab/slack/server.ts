import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { isIP } from 'node:net';
import type { Logger } from 'pino';
import { ControlApi } from './control-api.js';
import { sendJson } from './http-body.js';
import { Interactions, type ClickRequest, type ClickResult, type CommandResult, type SlashCommandRequest } from './interactions.js';
import { MessageStore } from './message-store.js';
import { RateLimits, type RateLimitRule } from './rate-limits.js';
import { RESPONSE_URL_PATH, Responses } from './responses.js';
import { SOCKET_MODE_PATH, SocketModeHub } from './socket-mode-hub.js';
import { WebApi, type WebApiCall } from './web-api.js';
import { createLabWorkspace, type LabWorkspace } from './workspace.js';

export interface LabSlackOptions {
  /** Loopback address to listen on; 127.0.0.1 when absent. */
  host?: string;
  /** Port to listen on; a free one when absent or 0. */
  port?: number;
  signingSecret: string;
  botToken: string;
  /** App-level token (`xapp-…`) for `apps.connections.open`; any `xapp-` token when absent. */
  appToken?: string;
  /** The bot's request URL. When set, commands and clicks go there over HTTP; else over Socket Mode. */
  botHttpUrl?: string;
  /** How long the bot has to acknowledge a delivery; Slack's 3000 ms when absent. */
  ackTimeoutMs?: number;
  logger?: Logger;
}

export interface LabSlack {
  /** Web API base URL ending in `/api/`, for the bot's `slackApiUrl`. */
  apiUrl: string;
  /** Control API base URL ending in `/lab/`, for the `lab send` and `lab click` clients. */
  controlUrl: string;
  workspace: LabWorkspace;
  messages: MessageStore;
  /** Every Web API call so far, in order. */
  calls: readonly WebApiCall[];
  /** Number of open Socket Mode connections. */
  socketConnections(): number;
  sendSlashCommand(request: SlashCommandRequest): Promise<CommandResult>;
  click(request: ClickRequest): Promise<ClickResult>;
  setRateLimit(method: string, rule: RateLimitRule): void;
  close(): Promise<void>;
}

/** Starts the lab's stand-in for Slack on a loopback address. */
export async function startLabSlack(options: LabSlackOptions): Promise<LabSlack> {
  const host = options.host ?? '127.0.0.1';
  assertLoopbackHost(host, 'host');
  if (options.botHttpUrl) assertLoopbackHost(new URL(options.botHttpUrl).hostname, 'botHttpUrl');

  const logger = options.logger?.child({ component: 'lab-slack' });
  const workspace = createLabWorkspace();
  const store = new MessageStore(workspace.teamId);
  const rateLimits = new RateLimits();
  const hub = new SocketModeHub(workspace.bot.appId, logger);
  const responses = new Responses(workspace, store, logger);
  let baseUrl = '';
  const webApi = new WebApi({
    workspace,
    store,
    rateLimits,
    botToken: options.botToken,
    appToken: options.appToken,
    baseUrl: () => baseUrl,
    openSocketUrl: () => hub.issueUrl(baseUrl.replace(/^http/, 'ws')),
    logger,
  });
  const interactions = new Interactions({
    workspace,
    store,
    responses,
    hub,
    signingSecret: options.signingSecret,
    botHttpUrl: options.botHttpUrl,
    defaultMode: options.botHttpUrl ? 'http' : 'socket',
    baseUrl: () => baseUrl,
    ackTimeoutMs: options.ackTimeoutMs,
    logger,
  });
  const control = new ControlApi({ workspace, store, interactions, webApi, logger });

  const route = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    const url = new URL(request.url ?? '/', baseUrl);
    const path = url.pathname;
    if (path.startsWith('/api/')) return await webApi.handle(request, response, path.slice('/api/'.length));
    if (path.startsWith(RESPONSE_URL_PATH) && request.method === 'POST') {
      return await responses.handlePost(request, response, path.slice(RESPONSE_URL_PATH.length));
    }
    if (path.startsWith('/lab/') && (await control.handle(request, response, url))) return;
    if (control.handleArchive(request, response, path)) return;
    sendJson(response, 404, { ok: false, error: 'not_found', message: `no lab Slack route ${request.method} ${path}` });
  };

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      logger?.error({ err: error, url: request.url }, 'lab Slack request failed');
      if (!response.headersSent) sendJson(response, 500, { ok: false, error: 'internal_error' });
      else response.destroy();
    });
  });
  server.on('upgrade', (request, socket, head) => {
    if ((request.url ?? '').startsWith(SOCKET_MODE_PATH)) hub.handleUpgrade(request, socket, head);
    else socket.end('HTTP/1.1 404 Not Found\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host, port: options.port ?? 0 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  if (!address || typeof address === 'string') throw new Error('the lab Slack server has no TCP address');
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  baseUrl = `http://${urlHost}:${address.port}`;
  logger?.info({ apiUrl: `${baseUrl}/api/`, mode: options.botHttpUrl ? 'http' : 'socket' }, 'lab Slack started');

  return {
    apiUrl: `${baseUrl}/api/`,
    controlUrl: `${baseUrl}/lab/`,
    workspace,
    messages: store,
    calls: webApi.calls,
    socketConnections: () => hub.connectionCount(),
    sendSlashCommand: (request) => interactions.sendSlashCommand(request),
    click: (request) => interactions.click(request),
    setRateLimit: (method, rule) => rateLimits.set(method, rule),
    close: async () => {
      await hub.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      logger?.info('lab Slack stopped');
    },
  };
}

/** Throws unless `host` is a loopback name or address; the lab never listens on or calls anything else. */
function assertLoopbackHost(host: string, option: string): void {
  const bare = host.replace(/^\[|\]$/g, '');
  const loopback =
    bare === 'localhost' || bare === '::1' || (isIP(bare) === 4 && bare.startsWith('127.'));
  if (!loopback) throw new Error(`${option} must be a loopback address (127.0.0.0/8, ::1 or localhost), got ${host}`);
}
