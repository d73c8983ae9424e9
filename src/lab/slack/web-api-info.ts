import { channelObject } from './channel-object.js';
import { findChannel, findUser, type LabUser, type LabWorkspace } from './workspace.js';
import { apiError, booleanArgument, stringArgument, type ApiResult } from './web-api-args.js';

export interface InfoContext {
  workspace: LabWorkspace;
  baseUrl: string;
}

export function authTest(context: InfoContext): ApiResult {
  const { workspace } = context;
  return {
    ok: true,
    url: `${context.baseUrl}/`,
    team: workspace.teamName,
    user: workspace.bot.name,
    team_id: workspace.teamId,
    user_id: workspace.bot.userId,
    bot_id: workspace.bot.botId,
    is_enterprise_install: false,
  };
}

export function usersInfo(args: Record<string, unknown>, context: InfoContext): ApiResult {
  const id = stringArgument(args, 'user') ?? '';
  const { workspace } = context;
  if (id === workspace.bot.userId) {
    return { ok: true, user: botUserObject(workspace) };
  }
  // users.info takes ids only; a handle is not found, as in Slack.
  const user = /^[UW][A-Z0-9]+$/.test(id) ? findUser(workspace, id) : undefined;
  if (!user) return apiError('user_not_found');
  return { ok: true, user: userObject(user, workspace, booleanArgument(args, 'include_locale')) };
}

export function conversationsInfo(args: Record<string, unknown>, context: InfoContext): ApiResult {
  const channel = findChannel(context.workspace, stringArgument(args, 'channel') ?? '');
  if (!channel) return apiError('channel_not_found');
  return { ok: true, channel: channelObject(channel, context.workspace) };
}

function userObject(user: LabUser, workspace: LabWorkspace, includeLocale: boolean): Record<string, unknown> {
  const object: Record<string, unknown> = {
    id: user.id,
    team_id: workspace.teamId,
    name: user.name,
    deleted: false,
    real_name: user.realName,
    tz: user.tz,
    is_admin: user.isAdmin,
    is_owner: false,
    is_bot: false,
    is_app_user: false,
    profile: {
      real_name: user.realName,
      display_name: user.name,
      real_name_normalized: user.realName,
      display_name_normalized: user.name,
      team: workspace.teamId,
    },
  };
  if (includeLocale) object['locale'] = user.locale;
  return object;
}

function botUserObject(workspace: LabWorkspace): Record<string, unknown> {
  const { bot } = workspace;
  return {
    id: bot.userId,
    team_id: workspace.teamId,
    name: bot.name,
    deleted: false,
    real_name: bot.name,
    is_admin: false,
    is_owner: false,
    is_bot: true,
    is_app_user: false,
    profile: { real_name: bot.name, display_name: '', bot_id: bot.botId, api_app_id: bot.appId, team: workspace.teamId },
  };
}
