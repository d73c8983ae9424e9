import type { AppConfig } from '../config/app-config.js';
import type { Logger } from '../logging.js';
import { strongestRole, type Role } from './roles.js';

/** Lists the user ids in a Slack user group (`usergroups.users.list`). */
export type UserGroupMembers = (groupId: string) => Promise<readonly string[]>;

export interface RoleResolverOptions {
  roles: AppConfig['roles'];
  listGroupMembers: UserGroupMembers;
  logger: Logger;
  /** How long a group's member list is reused, in milliseconds. */
  cacheTtlMs?: number;
  now?: () => number;
}

/**
 * Resolves a Slack user's pxmysql role from the user-id and user-group assignments in config. The
 * strongest assignment wins. Group member lists are cached briefly; a group that cannot be read
 * grants nothing (and is logged), so an outage never widens access.
 */
export class RoleResolver {
  private readonly cache = new Map<string, { members: ReadonlySet<string>; expiresAt: number }>();
  private readonly ttlMs: number;
  private readonly now: () => number;

  constructor(private readonly options: RoleResolverOptions) {
    this.ttlMs = options.cacheTtlMs ?? 60_000;
    this.now = options.now ?? Date.now;
  }

  async roleOf(userId: string): Promise<Role | undefined> {
    const roles: Role[] = [];
    const direct = this.options.roles.users[userId];
    if (direct) roles.push(direct);

    for (const [groupId, role] of Object.entries(this.options.roles.groups)) {
      const members = await this.membersOf(groupId);
      if (members.has(userId)) roles.push(role);
    }
    return strongestRole(roles);
  }

  private async membersOf(groupId: string): Promise<ReadonlySet<string>> {
    const cached = this.cache.get(groupId);
    if (cached && cached.expiresAt > this.now()) return cached.members;

    try {
      const members = new Set(await this.options.listGroupMembers(groupId));
      this.cache.set(groupId, { members, expiresAt: this.now() + this.ttlMs });
      return members;
    } catch (error) {
      this.options.logger.error({ err: error, groupId }, 'cannot list Slack user group members; the group grants no role');
      return new Set();
    }
  }
}
