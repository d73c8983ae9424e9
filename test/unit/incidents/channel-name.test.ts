import { describe, expect, it } from 'vitest';
import { incidentChannelName, MAX_CHANNEL_NAME_LENGTH } from '../../../jobs/incident/channel-name.js';

const DATE = new Date('2026-12-04T23:59:59Z');
const SLACK_NAME = /^[a-z0-9_-]+$/;

describe('incidentChannelName', () => {
  it('joins date, target and operation', () => {
    expect(incidentChannelName(DATE, 'orders-db', 'failover')).toBe('inc-20261204-orders-db-failover');
  });

  it('uses the UTC date', () => {
    expect(incidentChannelName(new Date('2026-12-05T00:30:00+02:00'), 'orders-db', 'drop')).toBe('inc-20261204-orders-db-drop');
  });

  it('numbers later attempts', () => {
    expect(incidentChannelName(DATE, 'orders-db', 'failover', 2)).toBe('inc-20261204-orders-db-failover-2');
    expect(incidentChannelName(DATE, 'orders-db', 'failover', 17)).toBe('inc-20261204-orders-db-failover-17');
  });

  it('replaces characters Slack rejects', () => {
    const name = incidentChannelName(DATE, 'Orders.DB', 'Restore Drill!');
    expect(name).toBe('inc-20261204-orders-db-restore-drill');
    expect(name).toMatch(SLACK_NAME);
  });

  it('stays within 80 characters', () => {
    const target = 'a'.repeat(63);
    for (const attempt of [1, 2, 10, 50]) {
      const name = incidentChannelName(DATE, target, 'scheduled-snapshot', attempt);
      expect(name.length, name).toBeLessThanOrEqual(MAX_CHANNEL_NAME_LENGTH);
      expect(name).toMatch(SLACK_NAME);
      expect(name.endsWith('-')).toBe(false);
      if (attempt > 1) expect(name.endsWith(`-${attempt}`)).toBe(true);
    }
  });

  it('keeps suffixed names distinct when cut', () => {
    const target = 'b'.repeat(63);
    const names = [1, 2, 3].map((attempt) => incidentChannelName(DATE, target, 'failover', attempt));
    expect(new Set(names).size).toBe(3);
  });
});
