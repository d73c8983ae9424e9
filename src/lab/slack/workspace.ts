/**
 * The lab's Slack workspace: one team, four human users, the bot user, one user group and two
 * seeded channels. The bot can create more channels with `conversations.create`. The ids follow
 * Slack's shapes (T…, C…, U…, B…, S…) so code that validates ids treats them like real ones.
 */

/** Roles of the access policy, in increasing order of power. */
export const LAB_ROLES = ['viewer', 'operator', 'approver', 'admin'] as const;
export type LabRole = (typeof LAB_ROLES)[number];

export interface LabUser {
  id: string;
  /** Slack handle, without the `@`. */
  name: string;
  realName: string;
  role: LabRole;
  /** IETF language tag as Slack reports it in `users.info` with `include_locale=true`. */
  locale: string;
  tz: string;
  isAdmin: boolean;
}

export interface LabChannel {
  id: string;
  name: string;
  topic: string;
  purpose: string;
  /** User ids of the members, the bot included. */
  members: string[];
  /** User id of the creator; the first human user for the seeded channels. */
  creator: string;
  /** Creation time in seconds since the epoch. */
  created: number;
  /** User id that set the topic and the time in seconds since the epoch, once `conversations.setTopic` ran. */
  topicSet?: { by: string; at: number };
}

/** A Slack user group (a "subteam"), such as the on-call group people mention as `@oncall-dba`. */
export interface LabUserGroup {
  id: string;
  handle: string;
  name: string;
  /** User ids of the members. */
  users: readonly string[];
}

export interface LabBot {
  userId: string;
  botId: string;
  appId: string;
  name: string;
}

export interface LabWorkspace {
  teamId: string;
  teamName: string;
  domain: string;
  bot: LabBot;
  users: readonly LabUser[];
  userGroups: readonly LabUserGroup[];
  /** The seeded channels first, then the ones created through the Web API, in creation order. */
  channels: LabChannel[];
  /** Channel that commands and clicks use when none is given. */
  defaultChannel: LabChannel;
}

const USERS: readonly LabUser[] = [
  {
    id: 'U0LABONC1',
    name: 'oncall',
    realName: 'On-call Operator',
    role: 'operator',
    locale: 'en-US',
    tz: 'Europe/London',
    isAdmin: false,
  },
  {
    id: 'U0LABAPR1',
    name: 'approver',
    realName: 'Change Approver',
    role: 'approver',
    locale: 'zh-CN',
    tz: 'Asia/Shanghai',
    isAdmin: false,
  },
  {
    id: 'U0LABADM1',
    name: 'admin',
    realName: 'Platform Admin',
    role: 'admin',
    locale: 'en-US',
    tz: 'America/New_York',
    isAdmin: true,
  },
  {
    id: 'U0LABVWR1',
    name: 'viewer',
    realName: 'Read-only Viewer',
    role: 'viewer',
    locale: 'en-US',
    tz: 'America/Los_Angeles',
    isAdmin: false,
  },
];

const BOT: LabBot = { userId: 'U0LABBOT1', botId: 'B0LABBOT1', appId: 'A0LABAPP1', name: 'pxmysql' };

const SEEDED_CHANNELS: ReadonlyArray<Pick<LabChannel, 'id' | 'name' | 'topic' | 'purpose'>> = [
  { id: 'C0LABOPS1', name: 'ops', topic: 'MySQL operations', purpose: 'Run /pxmysql here' },
  { id: 'C0LABGEN1', name: 'general', topic: '', purpose: 'Workspace-wide announcements' },
];

/** The on-call group: the operator and the admin, who get invited to incident channels. */
export const LAB_ONCALL_GROUP: LabUserGroup = {
  id: 'S0LABONC1',
  handle: 'oncall-dba',
  name: 'On-call DBAs',
  users: ['U0LABONC1', 'U0LABADM1'],
};

/**
 * Creates the lab workspace. Every call returns the same ids, so configs written once stay valid,
 * and a fresh channel list, so channels created in one lab do not appear in another.
 */
export function createLabWorkspace(): LabWorkspace {
  const everyone = [...USERS.map((user) => user.id), BOT.userId];
  const channels: LabChannel[] = SEEDED_CHANNELS.map((channel) => ({
    ...channel,
    members: [...everyone],
    creator: USERS[0]?.id ?? '',
    created: 1_700_000_000,
  }));
  const defaultChannel = channels[0];
  if (!defaultChannel) throw new Error('the lab workspace has no channels');
  return {
    teamId: 'T0LAB0001',
    teamName: 'pxmysql lab',
    domain: 'pxmysql-lab',
    bot: BOT,
    users: USERS,
    userGroups: [LAB_ONCALL_GROUP],
    channels,
    defaultChannel,
  };
}

/** Returns the user with this id or handle (a leading `@` is ignored), or undefined. */
export function findUser(workspace: LabWorkspace, idOrHandle: string): LabUser | undefined {
  const key = idOrHandle.replace(/^@/, '');
  return workspace.users.find((user) => user.id === key || user.name === key);
}

/** Returns the channel with this id or name (a leading `#` is ignored), or undefined. */
export function findChannel(workspace: LabWorkspace, idOrName: string): LabChannel | undefined {
  const key = idOrName.replace(/^#/, '');
  return workspace.channels.find((channel) => channel.id === key || channel.name === key);
}

/** Returns `{ userId: role }` for every human user, the shape a role config file needs. */
export function labRoleAssignments(workspace: LabWorkspace): Record<string, LabRole> {
  return Object.fromEntries(workspace.users.map((user) => [user.id, user.role]));
}
