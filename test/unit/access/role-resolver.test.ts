import { describe, expect, it } from 'vitest';
import { authorize } from '../../../src/access/authorize.js';
import { RoleResolver } from '../../../src/access/role-resolver.js';
import type { TargetConfig } from '../../../src/config/targets-schema.js';
import { captureLogger } from '../../support/capture-logger.js';

const ROLES = { users: { U0ONCALL1: 'operator' as const }, groups: { S0DBAS001: 'approver' as const } };

function resolver(listGroupMembers: (groupId: string) => Promise<string[]>, now = () => 0) {
  const logs = captureLogger();
  return { roles: new RoleResolver({ roles: ROLES, listGroupMembers, logger: logs.logger, cacheTtlMs: 1_000, now }), logs };
}

describe('RoleResolver', () => {
  it('takes the strongest of user and group roles', async () => {
    const { roles } = resolver(async () => ['U0ONCALL1', 'U0OTHER01']);
    expect(await roles.roleOf('U0ONCALL1')).toBe('approver');
    expect(await roles.roleOf('U0OTHER01')).toBe('approver');
    expect(await roles.roleOf('U0NOBODY1')).toBeUndefined();
  });

  it('caches group members until the TTL passes', async () => {
    let calls = 0;
    let clock = 0;
    const { roles } = resolver(async () => {
      calls += 1;
      return ['U0OTHER01'];
    }, () => clock);
    await roles.roleOf('U0OTHER01');
    await roles.roleOf('U0OTHER01');
    expect(calls).toBe(1);
    clock = 1_001;
    await roles.roleOf('U0OTHER01');
    expect(calls).toBe(2);
  });

  it('grants nothing from a group that cannot be read', async () => {
    const { roles, logs } = resolver(async () => {
      throw new Error('missing_scope');
    });
    expect(await roles.roleOf('U0OTHER01')).toBeUndefined();
    expect(await roles.roleOf('U0ONCALL1')).toBe('operator');
    expect(logs.lines.some((line) => line.groupId === 'S0DBAS001' && line.level === 50)).toBe(true);
  });
});

describe('authorize', () => {
  const target = { name: 'orders-db', channels: ['C0LABOPS1'] } as unknown as TargetConfig;

  it('checks role, rank and channel', () => {
    expect(authorize({ role: undefined, required: 'viewer', target, channelId: 'C0LABOPS1' })).toMatchObject({ allowed: false, reason: 'no_role' });
    expect(authorize({ role: 'viewer', required: 'operator', target, channelId: 'C0LABOPS1' })).toMatchObject({ allowed: false, reason: 'role_too_low' });
    expect(authorize({ role: 'admin', required: 'operator', target, channelId: 'C0OTHER01' })).toMatchObject({ allowed: false, reason: 'channel_not_allowed' });
    expect(authorize({ role: 'approver', required: 'operator', target, channelId: 'C0LABOPS1' })).toEqual({ allowed: true });
  });
});
