import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { parseArguments, readBody, sendJson } from './http-body.js';
import { Interactions, LabInputError, type ClickResult } from './interactions.js';
import type { MessageStore } from './message-store.js';
import type { LabEvent } from './message-types.js';
import type { WebApi } from './web-api.js';
import { findChannel, type LabChannel, type LabWorkspace } from './workspace.js';

export interface ControlApiOptions {
  workspace: LabWorkspace;
  store: MessageStore;
  interactions: Interactions;
  webApi: WebApi;
  logger?: Logger;
}

/**
 * JSON control API under `/lab/` for the `lab send` and `lab click` clients:
 * - `POST /lab/commands` `{ user, text, channel? }` → `{ commandId, triggerId, channel }`
 * - `GET /lab/commands/ID/events`: NDJSON of the command's events, from its start, kept open
 * - `POST /lab/clicks` `{ user, action, channel? }` → the click and its delivery, once delivered
 * - `GET /lab/clicks/ID/events`: NDJSON of the replies and updates after the click, kept open
 * - `GET /lab/messages?channel=ops[&include_ephemeral=true]`: the channel's messages and thread
 *   replies in posting order, with `lastSeq`, the sequence number of the newest store event
 * - `GET /lab/channels/ID_OR_NAME/events?after=SEQ`: NDJSON of the channel's message, update and
 *   delete events after SEQ (0 when absent), kept open. Ephemeral and delivery events are left out.
 * - `GET /lab/calls`
 * - `GET /lab/channels`: every channel, seeded or created by the bot, with its topic and members
 *
 * It also serves permalinks, `GET /archives/CHANNEL/pTS`, as the linked message with its thread.
 */
export class ControlApi {
  constructor(private readonly options: ControlApiOptions) {}

  /** Handles a request under `/lab/`; returns false when no route matches. */
  async handle(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> {
    const path = url.pathname;
    const method = request.method ?? 'GET';
    const commandEvents = /^\/lab\/commands\/([0-9a-f]+)\/events$/.exec(path);
    const clickEvents = /^\/lab\/clicks\/([0-9a-f]+)\/events$/.exec(path);
    const channelEvents = /^\/lab\/channels\/([^/]+)\/events$/.exec(path);

    if (method === 'POST' && path === '/lab/commands') await this.postCommand(request, response);
    else if (method === 'POST' && path === '/lab/clicks') await this.postClick(request, response);
    else if (method === 'GET' && commandEvents?.[1]) this.streamCommand(request, response, commandEvents[1]);
    else if (method === 'GET' && clickEvents?.[1]) this.streamClick(request, response, clickEvents[1]);
    else if (method === 'GET' && channelEvents?.[1]) this.streamChannel(request, response, channelEvents[1], url);
    else if (method === 'GET' && path === '/lab/messages') this.getMessages(response, url);
    else if (method === 'GET' && path === '/lab/channels') sendJson(response, 200, { ok: true, channels: this.options.workspace.channels });
    else if (method === 'GET' && path === '/lab/calls') sendJson(response, 200, { ok: true, calls: this.options.webApi.calls });
    else return false;
    return true;
  }

  private async postCommand(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readJsonBody(request, response);
    if (!body) return;
    try {
      const started = this.options.interactions.startCommand({
        user: stringField(body, 'user'),
        text: stringField(body, 'text'),
        channel: stringField(body, 'channel') || undefined,
      });
      started.delivered.catch(() => undefined);
      sendJson(response, 200, { ok: true, commandId: started.commandId, triggerId: started.triggerId, channel: started.channel });
    } catch (error) {
      this.options.logger?.info({ err: error }, 'lab Slack control API rejected a request');
      sendInputError(response, error);
    }
  }

  private async postClick(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const body = await readJsonBody(request, response);
    if (!body) return;
    try {
      const click = await this.options.interactions.click({
        user: stringField(body, 'user'),
        action: stringField(body, 'action'),
        channel: stringField(body, 'channel') || undefined,
      });
      sendJson(response, 200, { ok: true, ...click });
    } catch (error) {
      this.options.logger?.info({ err: error }, 'lab Slack control API rejected a request');
      sendInputError(response, error);
    }
  }

  private streamCommand(request: IncomingMessage, response: ServerResponse, commandId: string): void {
    if (!this.options.store.commandById(commandId)) {
      sendJson(response, 404, { ok: false, error: 'command_not_found', message: `no command ${commandId}` });
      return;
    }
    this.stream(request, response, 0, (event) => event.commandId === commandId);
  }

  private streamClick(request: IncomingMessage, response: ServerResponse, clickId: string): void {
    const click = this.options.interactions.clickById(clickId);
    if (!click) {
      sendJson(response, 404, { ok: false, error: 'click_not_found', message: `no click ${clickId}` });
      return;
    }
    this.stream(request, response, click.afterSeq, (event) => answersClick(event, click));
  }

  private streamChannel(request: IncomingMessage, response: ServerResponse, encodedIdOrName: string, url: URL): void {
    let idOrName: string;
    try {
      idOrName = decodeURIComponent(encodedIdOrName);
    } catch {
      sendJson(response, 400, { ok: false, error: 'invalid_channel', message: `invalid percent-encoding in the channel ${JSON.stringify(encodedIdOrName)}` });
      return;
    }
    const channel = this.findChannelOrReject(response, idOrName);
    if (!channel) return;
    const after = url.searchParams.get('after') ?? '0';
    if (!/^\d+$/.test(after)) {
      sendJson(response, 400, { ok: false, error: 'invalid_after', message: `after must be an event sequence number (0 or more), got ${JSON.stringify(after)}` });
      return;
    }
    const visibleKinds = new Set(['message', 'update', 'delete']);
    this.stream(request, response, Number(after), (event) => event.channel === channel.id && visibleKinds.has(event.kind));
  }

  /**
   * Handles `GET /archives/CHANNEL/pTS`, the permalink path, by sending `{ ok, message, replies }`.
   * `replies` are the replies of the thread that the message starts or belongs to, in posting order.
   * Returns false when the request is not a permalink GET.
   */
  handleArchive(request: IncomingMessage, response: ServerResponse, path: string): boolean {
    const archive = /^\/archives\/([A-Z0-9]+)\/p(\d+)(\d{6})$/.exec(path);
    if (!archive || request.method !== 'GET') return false;
    const channel = archive[1] ?? '';
    const message = this.options.store.find(channel, `${archive[2]}.${archive[3]}`);
    if (!message) {
      sendJson(response, 404, { ok: false, error: 'message_not_found' });
      return true;
    }
    const threadTs = message.thread_ts ?? message.ts;
    const replies = this.options.store.list(channel).filter((candidate) => candidate.thread_ts === threadTs && candidate.ts !== threadTs);
    sendJson(response, 200, { ok: true, message, replies });
    return true;
  }

  /** Writes the matching events after `afterSeq`, then every new one, until the client disconnects. */
  private stream(request: IncomingMessage, response: ServerResponse, afterSeq: number, matches: (event: LabEvent) => boolean): void {
    response.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8', 'cache-control': 'no-cache' });
    const write = (event: LabEvent): void => {
      if (matches(event)) response.write(`${JSON.stringify(event)}\n`);
    };
    // Subscribing and replaying in one synchronous step leaves no gap for an event to fall into.
    const unsubscribe = this.options.store.subscribe(write);
    for (const event of this.options.store.eventsAfter(afterSeq)) write(event);
    request.on('close', unsubscribe);
    response.on('close', unsubscribe);
  }

  private getMessages(response: ServerResponse, url: URL): void {
    const channel = this.findChannelOrReject(response, url.searchParams.get('channel') ?? this.options.workspace.defaultChannel.id);
    if (!channel) return;
    const body: Record<string, unknown> = {
      ok: true,
      channel: channel.id,
      channelName: channel.name,
      lastSeq: this.options.store.lastSeq(),
      messages: this.options.store.list(channel.id),
    };
    if (url.searchParams.get('include_ephemeral') === 'true') body['ephemeral'] = this.options.store.listEphemeral(channel.id);
    sendJson(response, 200, body);
  }

  /** Finds a channel by id or name, or sends a 404 that lists the known channels. */
  private findChannelOrReject(response: ServerResponse, idOrName: string): LabChannel | undefined {
    const channel = findChannel(this.options.workspace, idOrName);
    if (channel) return channel;
    const known = this.options.workspace.channels.map((candidate) => `#${candidate.name}`).join(', ');
    sendJson(response, 404, { ok: false, error: 'channel_not_found', message: `no lab channel "${idOrName}"; known channels: ${known}` });
    return undefined;
  }
}

/** True when an event follows from a click: its own replies, updates in its channel, or ephemerals to its user. */
function answersClick(event: LabEvent, click: ClickResult): boolean {
  if (event.clickId === click.clickId) return true;
  if (event.channel !== click.channel || event.kind === 'delivery') return false;
  if (event.kind === 'update' || event.kind === 'delete') return true;
  return event.kind === 'ephemeral' && event.visibleTo === click.userId;
}

async function readJsonBody(request: IncomingMessage, response: ServerResponse): Promise<Record<string, unknown> | undefined> {
  try {
    return parseArguments('application/json', await readBody(request));
  } catch (error) {
    sendJson(response, 400, { ok: false, error: 'invalid_json', message: String(error) });
    return undefined;
  }
}

function stringField(body: Record<string, unknown>, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value : '';
}

function sendInputError(response: ServerResponse, error: unknown): void {
  if (!(error instanceof LabInputError)) throw error;
  const status = error.code.endsWith('_not_found') ? 404 : 400;
  sendJson(response, status, { ok: false, error: error.code, message: error.message });
}
