import type { LabChannel, LabWorkspace } from './workspace.js';

/** A channel in the shape of Slack's conversation object, as `conversations.*` methods return it. */
export function channelObject(channel: LabChannel, workspace: LabWorkspace): Record<string, unknown> {
  return {
    id: channel.id,
    name: channel.name,
    name_normalized: channel.name,
    is_channel: true,
    is_group: false,
    is_im: false,
    is_mpim: false,
    is_private: false,
    is_archived: false,
    is_general: channel.name === 'general',
    is_member: channel.members.includes(workspace.bot.userId),
    is_shared: false,
    is_ext_shared: false,
    is_org_shared: false,
    context_team_id: workspace.teamId,
    created: channel.created,
    creator: channel.creator,
    num_members: channel.members.length,
    topic: { value: channel.topic, creator: channel.topicSet?.by ?? '', last_set: channel.topicSet?.at ?? 0 },
    purpose: { value: channel.purpose, creator: '', last_set: 0 },
  };
}
