import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { parseArguments, readBody, sendJson } from './http-body.js';
import type { MessageStore } from './message-store.js';
import type { RateLimits } from './rate-limits.js';
import type { LabWorkspace } from './workspace.js';
import { apiError, type ApiResult } from './web-api-args.js';
import { chatGetPermalink, chatPostEphemeral, chatPostMessage, chatUpdate, type ChatContext } from './web-api-chat.js';
import { authTest, conversationsInfo, usersInfo } from './web-api-info.js';
import { conversationsCreate, conversationsInvite, conversationsSetTopic, usergroupsUsersList } from './web-api-conversations.js';

/** One recorded Web API call, with its arguments minus the token. */
export interface WebApiCall {
  method: string;
  args: Record<string, unknown>;
  at: string;
  status: number;
  ok: boolean;
  error?: string;
}

export interface WebApiOptions {
  workspace: LabWorkspace;
  store: MessageStore;
  rateLimits: RateLimits;
  botToken: string;
  /** App-level token for `apps.connections.open`; when unset, any `xapp-` token is accepted. */
  appToken?: string;
  baseUrl: () => string;
  /** Issues a one-time Socket Mode WebSocket URL. */
  openSocketUrl: () => string;
  logger?: Logger;
}

type BotMethod = (args: Record<string, unknown>, context: ChatContext) => ApiResult;

const BOT_METHODS: Record<string, BotMethod> = {
  'auth.test': (_args, context) => authTest(context),
  'chat.postMessage': chatPostMessage,
  'chat.update': chatUpdate,
  'chat.postEphemeral': chatPostEphemeral,
  'chat.getPermalink': chatGetPermalink,
  'users.info': usersInfo,
  'conversations.info': conversationsInfo,
  'conversations.create': conversationsCreate,
  'conversations.invite': conversationsInvite,
  'conversations.setTopic': conversationsSetTopic,
  'usergroups.users.list': usergroupsUsersList,
};

/**
 * Slack's Web API for the lab: `POST /api/METHOD` with a form-encoded or JSON body. Responses are
 * HTTP 200 with `{ ok, … }`, except for rate-limited calls, which get HTTP 429 and `Retry-After`.
 */
export class WebApi {
  readonly calls: WebApiCall[] = [];

  constructor(private readonly options: WebApiOptions) {}

  async handle(request: IncomingMessage, response: ServerResponse, method: string): Promise<void> {
    let args: Record<string, unknown>;
    try {
      const body = request.method === 'POST' ? await readBody(request) : '';
      const query = Object.fromEntries(new URL(request.url ?? '/', 'http://lab').searchParams);
      args = { ...query, ...parseArguments(request.headers['content-type'], body) };
    } catch (error) {
      this.answer(response, method, {}, 200, apiError('invalid_form_data', { detail: String(error) }));
      return;
    }

    const token = bearerToken(request.headers.authorization) ?? stringOrUndefined(args['token']);
    const { token: _removed, ...recordedArgs } = args;

    const retryAfter = this.options.rateLimits.take(method);
    if (retryAfter !== undefined) {
      const seconds = String(Math.ceil(retryAfter));
      this.answer(response, method, recordedArgs, 429, apiError('ratelimited'), { 'retry-after': seconds });
      return;
    }

    this.answer(response, method, recordedArgs, 200, this.call(method, args, token));
  }

  private call(method: string, args: Record<string, unknown>, token: string | undefined): ApiResult {
    if (!token) return apiError('not_authed');

    if (method === 'apps.connections.open') {
      if (!token.startsWith('xapp-')) return apiError('not_allowed_token_type');
      if (this.options.appToken !== undefined && token !== this.options.appToken) return apiError('invalid_auth');
      return { ok: true, url: this.options.openSocketUrl() };
    }

    const handler = BOT_METHODS[method];
    if (!handler) return apiError('unknown_method');
    if (token.startsWith('xapp-')) return apiError('not_allowed_token_type');
    if (token !== this.options.botToken) return apiError('invalid_auth');

    const context: ChatContext = {
      workspace: this.options.workspace,
      store: this.options.store,
      baseUrl: this.options.baseUrl(),
    };
    return handler(args, context);
  }

  private answer(
    response: ServerResponse,
    method: string,
    args: Record<string, unknown>,
    status: number,
    result: ApiResult,
    headers: Record<string, string> = {},
  ): void {
    const call: WebApiCall = { method, args, at: new Date().toISOString(), status, ok: result.ok };
    if (!result.ok) call.error = result.error;
    this.calls.push(call);
    if (!result.ok) this.options.logger?.debug({ method, status, error: result.error }, 'lab Slack Web API call failed');
    sendJson(response, status, result, headers);
  }
}

function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer\s+(\S+)$/i.exec(header ?? '');
  return match?.[1];
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
