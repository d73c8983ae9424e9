import { randomInt } from 'node:crypto';
import { channelObject } from './channel-object.js';
import type { ChatContext } from './web-api-chat.js';
import { apiError, booleanArgument, stringArgument, type ApiResult } from './web-api-args.js';
import { findChannel, findUser, type LabChannel, type LabWorkspace } from './workspace.js';

/** Slack's limits: channel names of at most 80 characters, topics of at most 250. */
const MAX_CHANNEL_NAME_LENGTH = 80;
const MAX_TOPIC_LENGTH = 250;
/** Slack accepts up to 1000 user ids in one `conversations.invite` call. */
const MAX_INVITED_USERS = 1000;

/**
 * `conversations.create`: checks the name as Slack does (lowercase letters, digits, `-` and `_`,
 * at most 80 characters, not only punctuation, not taken) and creates a public channel whose only
 * member is the bot.
 */
export function conversationsCreate(args: Record<string, unknown>, context: ChatContext): ApiResult {
  const name = stringArgument(args, 'name') ?? '';
  const nameError = channelNameError(name, context.workspace);
  if (nameError) return apiError(nameError);
  if (booleanArgument(args, 'is_private')) return apiError('restricted_action', { detail: 'the lab creates public channels only' });

  const channel: LabChannel = {
    id: newChannelId(context.workspace),
    name,
    topic: '',
    purpose: '',
    members: [context.workspace.bot.userId],
    creator: context.workspace.bot.userId,
    created: Math.floor(Date.now() / 1000),
  };
  context.workspace.channels.push(channel);
  return { ok: true, channel: channelObject(channel, context.workspace) };
}

/**
 * `conversations.invite` with a comma-separated `users` list. Without `force`, one invalid user
 * fails the whole call and nobody is invited; with `force`, the valid users are invited. Either
 * way the failures are listed in `errors`, one entry per user.
 */
export function conversationsInvite(args: Record<string, unknown>, context: ChatContext): ApiResult {
  const { workspace } = context;
  const channel = findChannelById(workspace, stringArgument(args, 'channel') ?? '');
  if (!channel) return apiError('channel_not_found');
  if (!channel.members.includes(workspace.bot.userId)) return apiError('not_in_channel');

  const ids = (stringArgument(args, 'users') ?? '').split(',').map((id) => id.trim()).filter((id) => id !== '');
  if (ids.length === 0) return apiError('no_user');
  if (ids.length > MAX_INVITED_USERS) return apiError('too_many_users');

  const failures: Array<{ user: string; ok: false; error: string }> = [];
  const valid: string[] = [];
  for (const id of new Set(ids)) {
    const error = inviteError(id, channel, workspace);
    if (error) failures.push({ user: id, ok: false, error });
    else valid.push(id);
  }

  const force = booleanArgument(args, 'force');
  if (failures.length > 0 && (!force || valid.length === 0)) {
    return apiError(failures[0]?.error ?? 'cant_invite', { errors: failures });
  }
  channel.members.push(...valid);
  const result: ApiResult = { ok: true, channel: channelObject(channel, workspace) };
  if (failures.length > 0) result['errors'] = failures;
  return result;
}

/** `conversations.setTopic`: the bot must be a member, and the topic at most 250 characters. */
export function conversationsSetTopic(args: Record<string, unknown>, context: ChatContext): ApiResult {
  const { workspace } = context;
  const channel = findChannelById(workspace, stringArgument(args, 'channel') ?? '');
  if (!channel) return apiError('channel_not_found');
  if (!channel.members.includes(workspace.bot.userId)) return apiError('not_in_channel');
  const topic = stringArgument(args, 'topic') ?? '';
  if ([...topic].length > MAX_TOPIC_LENGTH) return apiError('too_long');

  channel.topic = topic;
  channel.topicSet = { by: workspace.bot.userId, at: Math.floor(Date.now() / 1000) };
  return { ok: true, channel: channelObject(channel, workspace) };
}

/** `usergroups.users.list`: the user ids of one user group. */
export function usergroupsUsersList(args: Record<string, unknown>, context: ChatContext): ApiResult {
  const id = stringArgument(args, 'usergroup') ?? '';
  if (id === '') return apiError('invalid_arguments', { response_metadata: { messages: ['[ERROR] missing required field: usergroup'] } });
  const group = context.workspace.userGroups.find((candidate) => candidate.id === id);
  if (!group) return apiError('no_such_subteam');
  return { ok: true, users: [...group.users] };
}

function channelNameError(name: string, workspace: LabWorkspace): string | undefined {
  if (name === '') return 'invalid_name_required';
  if ([...name].length > MAX_CHANNEL_NAME_LENGTH) return 'invalid_name_maxlength';
  if (!/^[a-z0-9_-]+$/.test(name)) return 'invalid_name_specials';
  if (!/[a-z0-9]/.test(name)) return 'invalid_name_punctuation';
  if (workspace.channels.some((channel) => channel.name === name)) return 'name_taken';
  return undefined;
}

function inviteError(id: string, channel: LabChannel, workspace: LabWorkspace): string | undefined {
  if (id === workspace.bot.userId) return 'cant_invite_self';
  // Invites take ids only, so a handle such as `oncall` is not found, as in Slack.
  const user = /^[UW][A-Z0-9]+$/.test(id) ? findUser(workspace, id) : undefined;
  if (!user) return 'user_not_found';
  if (channel.members.includes(user.id)) return 'already_in_channel';
  return undefined;
}

/** Finds a channel by id only: `conversations.*` methods take ids, never names. */
function findChannelById(workspace: LabWorkspace, id: string): LabChannel | undefined {
  const channel = findChannel(workspace, id);
  return channel?.id === id ? channel : undefined;
}

const ID_CHARACTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';

/** Creates an unused channel id in Slack's shape: `C` and 10 uppercase letters or digits. */
function newChannelId(workspace: LabWorkspace): string {
  for (;;) {
    let id = 'C';
    for (let index = 0; index < 10; index += 1) id += ID_CHARACTERS[randomInt(ID_CHARACTERS.length)];
    if (!workspace.channels.some((channel) => channel.id === id)) return id;
  }
}
