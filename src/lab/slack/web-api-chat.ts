import { randomBytes } from 'node:crypto';
import { checkMessageContent, parseBlocksArgument } from './block-limits.js';
import { permalinkSegment } from './ids.js';
import type { MessageStore } from './message-store.js';
import type { MessageMetadata } from './message-types.js';
import { findChannel, findUser, type LabWorkspace } from './workspace.js';
import {
  apiError,
  booleanArgument,
  parseMetadataArgument,
  stringArgument,
  type ApiResult,
} from './web-api-args.js';

export interface ChatContext {
  workspace: LabWorkspace;
  store: MessageStore;
  /** Base URL of the lab server, without a trailing slash; permalinks point here. */
  baseUrl: string;
}

/** Text, blocks and metadata of a postMessage or update call, checked, or the error to return. */
type ParsedContent =
  | { text?: string; blocks?: unknown[]; metadata?: MessageMetadata }
  | { failure: ApiResult };

function parseContent(args: Record<string, unknown>, requireContent: boolean): ParsedContent {
  const text = stringArgument(args, 'text');
  const blocks = parseBlocksArgument(args['blocks']);
  if (blocks === 'invalid') return { failure: apiError('invalid_blocks_format') };
  const metadata = parseMetadataArgument(args['metadata']);
  if (metadata === 'invalid') return { failure: apiError('invalid_metadata_format') };

  const contentError = checkMessageContent(text, blocks, requireContent);
  if (contentError) {
    const extra = contentError.errors ? { errors: contentError.errors } : {};
    return { failure: apiError(contentError.error, extra) };
  }
  return { text, blocks: blocks ? withGeneratedIds(blocks) : undefined, metadata };
}

/** Fills in `block_id` and button `action_id` where the caller left them out, as Slack does. */
function withGeneratedIds(blocks: unknown[]): unknown[] {
  const copy = structuredClone(blocks) as Record<string, unknown>[];
  for (const block of copy) {
    if (block['block_id'] === undefined) block['block_id'] = randomId(5);
    const elements = Array.isArray(block['elements']) ? [...(block['elements'] as unknown[])] : [];
    if (block['accessory'] !== undefined) elements.push(block['accessory']);
    for (const element of elements) {
      const record = element as Record<string, unknown>;
      if (record['type'] === 'button' && record['action_id'] === undefined) record['action_id'] = randomId(5);
    }
  }
  return copy;
}

function randomId(length: number): string {
  return randomBytes(length).toString('base64url').slice(0, length);
}

export function chatPostMessage(args: Record<string, unknown>, context: ChatContext): ApiResult {
  const channel = findChannel(context.workspace, stringArgument(args, 'channel') ?? '');
  if (!channel) return apiError('channel_not_found');
  const content = parseContent(args, true);
  if ('failure' in content) return content.failure;

  let threadTs = stringArgument(args, 'thread_ts') || undefined;
  if (threadTs) {
    const parent = context.store.find(channel.id, threadTs);
    if (!parent) return apiError('thread_not_found');
    // A reply to a reply joins the parent's thread, as in Slack.
    threadTs = parent.thread_ts ?? parent.ts;
  }

  const bot = context.workspace.bot;
  const message = context.store.post({
    channel: channel.id,
    user: bot.userId,
    botId: bot.botId,
    appId: bot.appId,
    text: content.text ?? '',
    blocks: content.blocks,
    metadata: content.metadata,
    threadTs,
    replyBroadcast: threadTs ? booleanArgument(args, 'reply_broadcast') : false,
    source: 'chat.postMessage',
  });
  return { ok: true, channel: channel.id, ts: message.ts, message };
}

export function chatUpdate(args: Record<string, unknown>, context: ChatContext): ApiResult {
  const channel = findChannel(context.workspace, stringArgument(args, 'channel') ?? '');
  if (!channel) return apiError('channel_not_found');
  const ts = stringArgument(args, 'ts') ?? '';
  const existing = context.store.find(channel.id, ts);
  if (!existing) return apiError('message_not_found');
  if (existing.user !== context.workspace.bot.userId) return apiError('cant_update_message');
  const content = parseContent(args, false);
  if ('failure' in content) return content.failure;

  const message = context.store.update(channel.id, ts, {
    text: content.text,
    blocks: content.blocks,
    metadata: content.metadata,
    source: 'chat.update',
  });
  if (!message) return apiError('message_not_found');
  return { ok: true, channel: channel.id, ts, text: message.text, message };
}

export function chatPostEphemeral(args: Record<string, unknown>, context: ChatContext): ApiResult {
  const channel = findChannel(context.workspace, stringArgument(args, 'channel') ?? '');
  if (!channel) return apiError('channel_not_found');
  const user = findUser(context.workspace, stringArgument(args, 'user') ?? '');
  if (!user) return apiError('user_not_found');
  const content = parseContent(args, true);
  if ('failure' in content) return content.failure;

  const bot = context.workspace.bot;
  const message = context.store.postEphemeral({
    channel: channel.id,
    visibleTo: user.id,
    user: bot.userId,
    botId: bot.botId,
    text: content.text ?? '',
    blocks: content.blocks,
    threadTs: stringArgument(args, 'thread_ts') || undefined,
    source: 'chat.postEphemeral',
  });
  return { ok: true, message_ts: message.ts };
}

export function chatGetPermalink(args: Record<string, unknown>, context: ChatContext): ApiResult {
  const channel = findChannel(context.workspace, stringArgument(args, 'channel') ?? '');
  if (!channel) return apiError('channel_not_found');
  const message = context.store.find(channel.id, stringArgument(args, 'message_ts') ?? '');
  if (!message) return apiError('message_not_found');

  const url = new URL(`${context.baseUrl}/archives/${channel.id}/${permalinkSegment(message.ts)}`);
  if (message.thread_ts && message.thread_ts !== message.ts) {
    url.searchParams.set('thread_ts', message.thread_ts);
    url.searchParams.set('cid', channel.id);
  }
  return { ok: true, channel: channel.id, permalink: url.toString() };
}
