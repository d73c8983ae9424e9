import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../../../src/config/app-config.js';
import type { Role } from '../../../src/config/names.js';
import type { TargetConfig } from '../../../src/config/targets-schema.js';
import type { HealthAlert } from '../../../src/health/alert-store.js';
import { handleHealthFailoverClick, type HealthClickDependencies } from '../../../src/health/failover-click.js';
import type { TargetHealth } from '../../../src/health/target-health.js';
import { captureLogger } from '../../support/capture-logger.js';

const TARGET = {
  name: 'orders-db',
  namespace: 'default',
  deployment: 'mysql',
  channels: ['C0LABOPS1'],
  health: { alertAfterSeconds: 60, incidentAfterSeconds: 600 },
} as TargetConfig;

const ALERT: HealthAlert = {
  id: 'health-orders-db-0123456789ab',
  target: 'orders-db',
  channel: 'C0LABOPS1',
  ts: '1800000000.000001',
  openedAt: '2026-12-04T22:01:00.000Z',
  since: '2026-12-04T22:00:00.000Z',
  pods: [],
  changeKey: '',
};

/**
 * Builds click dependencies whose approval path fails the test if reached: these cases must be
 * decided before any approval is requested.
 */
function dependencies(options: { role: Role | undefined; alert: HealthAlert | undefined; health: TargetHealth }) {
  const audits: Array<Record<string, unknown>> = [];
  const posts: unknown[] = [];
  const unexpected = (name: string) => () => {
    throw new Error(`${name} must not be called`);
  };
  const deps = {
    config: { locale: 'en', targets: { 'orders-db': TARGET } } as unknown as AppConfig,
    localeOf: async () => 'en' as const,
    logger: captureLogger('warn').logger,
    roles: { roleOf: async () => options.role },
    audit: {
      record: async (entry: Record<string, unknown>) => {
        audits.push(entry);
      },
    },
    healthAlerts: { findById: async (_targets: readonly string[], id: string) => (options.alert?.id === id ? options.alert : undefined) },
    readHealth: async () => options.health,
    locks: { current: unexpected('locks.current') },
    approvals: { create: unexpected('approvals.create') },
    slack: { chat: { postMessage: async (args: unknown) => posts.push(args) } },
  } as unknown as HealthClickDependencies;
  return { deps, audits, posts };
}

const click = { userId: 'U0LABONC1', channelId: 'C0LABOPS1', alertId: ALERT.id, triggerId: '1234.5678.abcd' };
const UNHEALTHY: TargetHealth = { healthy: false, pods: [], since: undefined };

describe('health alert Fail over click', () => {
  it('rejects a closed alert', async () => {
    const { deps, audits } = dependencies({ role: 'operator', alert: undefined, health: UNHEALTHY });
    const reply = await handleHealthFailoverClick(deps, click);

    expect(reply.blocks[0]?.block_id).toBe('pxmysql-error');
    expect(reply.text).toContain('health alert is closed');
    expect(audits).toEqual([expect.objectContaining({ type: 'refusal', user: 'U0LABONC1', operation: 'failover' })]);
  });

  it.each([
    { role: 'viewer' as const, channelId: 'C0LABOPS1', expected: 'This needs the `operator` role, and your role is `viewer`.' },
    { role: undefined, channelId: 'C0LABOPS1', expected: 'You have no pxmysql role' },
    { role: 'approver' as const, channelId: 'C0OTHER01', expected: 'cannot be operated from this channel' },
  ])('rejects role $role in $channelId', async ({ role, channelId, expected }) => {
    const { deps, audits } = dependencies({ role, alert: ALERT, health: UNHEALTHY });
    const reply = await handleHealthFailoverClick(deps, { ...click, channelId });

    expect(reply.blocks[0]?.block_id).toBe('pxmysql-error');
    expect(reply.text).toContain(expected);
    expect(audits).toEqual([expect.objectContaining({ type: 'refusal', target: 'orders-db', operation: 'failover' })]);
  });

  it('requests nothing once healthy again', async () => {
    const { deps, posts } = dependencies({ role: 'operator', alert: ALERT, health: { healthy: true, serving: { pod: 'mysql-a', node: 'n2' } } });
    const reply = await handleHealthFailoverClick(deps, click);

    expect(reply.blocks[0]?.block_id).toBe('pxmysql-info');
    expect(reply.text).toContain('is healthy again (pod `mysql-a` is Ready on node `n2`)');
    expect(posts).toEqual([]);
  });

  it('requests nothing when scaled to zero', async () => {
    const { deps } = dependencies({ role: 'operator', alert: ALERT, health: { healthy: true, serving: undefined } });
    const reply = await handleHealthFailoverClick(deps, click);

    expect(reply.text).toContain('Deployment `mysql` of target `orders-db` is scaled to zero');
  });
});
