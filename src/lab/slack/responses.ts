import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { checkMessageContent, parseBlocksArgument } from './block-limits.js';
import { readBody, sendJson } from './http-body.js';
import { newHexId } from './ids.js';
import type { MessageStore } from './message-store.js';
import type { MessageSource } from './message-types.js';
import type { LabWorkspace } from './workspace.js';

/** Path prefix of the lab's response URLs. */
export const RESPONSE_URL_PATH = '/lab/response/';
/** Slack accepts a response URL for 30 minutes and at most 5 times. */
export const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;
export const RESPONSE_URL_MAX_USES = 5;

/** Destination of the responses to one command or click. */
export interface ResponseTarget {
  channelId: string;
  userId: string;
  commandId?: string;
  clickId?: string;
  /** For a click: the message that contains the button. */
  original?: { ts: string; isEphemeral: boolean };
}

interface ResponseUrlState {
  target: ResponseTarget;
  expiresAt: number;
  usesLeft: number;
  /** The last ephemeral reply sent through this URL, which `replace_original` rewrites for a command. */
  lastEphemeralTs?: string;
}

/**
 * Response URLs and immediate responses. Both take a message with Slack's response fields:
 * `response_type` ('ephemeral', the default, or 'in_channel'), `replace_original`,
 * `delete_original` and `thread_ts`.
 */
export class Responses {
  private readonly urls = new Map<string, ResponseUrlState>();

  constructor(
    private readonly workspace: LabWorkspace,
    private readonly store: MessageStore,
    private readonly logger?: Logger,
  ) {}

  /** Creates a response URL under `baseUrl` for one command or click. */
  createUrl(baseUrl: string, target: ResponseTarget): string {
    const id = newHexId(16);
    this.urls.set(id, { target, expiresAt: Date.now() + RESPONSE_URL_TTL_MS, usesLeft: RESPONSE_URL_MAX_USES });
    return `${baseUrl}${RESPONSE_URL_PATH}${id}`;
  }

  /** Handles a POST to a response URL. */
  async handlePost(request: IncomingMessage, response: ServerResponse, id: string): Promise<void> {
    const state = this.urls.get(id);
    if (!state || state.expiresAt < Date.now()) {
      this.logger?.info({ responseUrlId: id }, 'rejected a POST to an unknown or expired response_url');
      sendJson(response, 404, { ok: false, error: 'expired_url' });
      return;
    }
    if (state.usesLeft <= 0) {
      this.logger?.info({ responseUrlId: id, ...state.target }, `rejected a POST to a response_url used ${RESPONSE_URL_MAX_USES} times`);
      sendJson(response, 404, { ok: false, error: 'used_url' });
      return;
    }

    let message: Record<string, unknown>;
    try {
      const parsed: unknown = JSON.parse(await readBody(request));
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      message = parsed as Record<string, unknown>;
    } catch (parseError) {
      this.logger?.info({ err: parseError, responseUrlId: id }, 'rejected a response_url POST whose body is not a JSON object');
      sendJson(response, 400, { ok: false, error: 'invalid_payload' });
      return;
    }

    state.usesLeft -= 1;
    const error = this.apply(state, message, 'response_url');
    if (error) {
      this.logger?.info({ error, responseUrlId: id, ...state.target }, 'rejected an invalid response_url message');
      sendJson(response, 400, { ok: false, error });
      return;
    }
    sendJson(response, 200, { ok: true });
  }

  /**
   * Applies an immediate response (the acknowledgement's body) for the command or click that owns
   * `responseUrl`, without using up one of the URL's uses. Returns the error name when invalid.
   */
  applyImmediate(responseUrl: string, message: Record<string, unknown>): string | undefined {
    const id = responseUrl.slice(responseUrl.indexOf(RESPONSE_URL_PATH) + RESPONSE_URL_PATH.length);
    const state = this.urls.get(id);
    if (!state) return 'expired_url';
    const error = this.apply(state, message, 'immediate_response');
    if (error) this.logger?.warn({ error, ...state.target }, 'lab Slack ignored an invalid immediate response');
    return error;
  }

  private apply(state: ResponseUrlState, message: Record<string, unknown>, source: MessageSource): string | undefined {
    const { target } = state;
    const text = typeof message['text'] === 'string' ? message['text'] : '';
    const blocks = parseBlocksArgument(message['blocks']);
    if (blocks === 'invalid') return 'invalid_blocks_format';
    const deleting = message['delete_original'] === true || message['delete_original'] === 'true';
    const contentError = deleting ? undefined : checkMessageContent(text, blocks, true);
    if (contentError) return contentError.error;

    const replacing = message['replace_original'] === true || message['replace_original'] === 'true';
    const bot = this.workspace.bot;
    const ids = { commandId: target.commandId, clickId: target.clickId };

    if (deleting && target.original && !target.original.isEphemeral) {
      this.store.delete(target.channelId, target.original.ts, source, target.clickId);
      return undefined;
    }
    // NOTE: deleting an ephemeral original only drops it from view in Slack; the lab keeps it.
    if (deleting) return undefined;

    if (replacing && target.original && !target.original.isEphemeral) {
      const updated = this.store.update(target.channelId, target.original.ts, { text, blocks, source, clickId: target.clickId });
      return updated ? undefined : 'message_not_found';
    }
    const ephemeralToReplace = target.original?.isEphemeral ? target.original.ts : state.lastEphemeralTs;
    if (replacing && ephemeralToReplace && this.store.replaceEphemeral(ephemeralToReplace, text, blocks, source)) {
      return undefined;
    }

    const threadTs = typeof message['thread_ts'] === 'string' ? message['thread_ts'] : undefined;
    if (message['response_type'] === 'in_channel') {
      this.store.post({ channel: target.channelId, user: bot.userId, botId: bot.botId, appId: bot.appId, text, blocks, threadTs, source, ...ids });
      return undefined;
    }
    const posted = this.store.postEphemeral({
      channel: target.channelId,
      visibleTo: target.userId,
      user: bot.userId,
      botId: bot.botId,
      text,
      blocks,
      threadTs,
      source,
      ...ids,
    });
    state.lastEphemeralTs = posted.ts;
    return undefined;
  }
}
