import { describe, expect, it } from 'vitest';
import { planRetention, type RetentionCandidate } from '../../../jobs/scheduled-snapshot/retention.js';

function snapshot(name: string, minute: number, ready = true): RetentionCandidate {
  return { name, ready, createdAtMs: Date.UTC(2026, 11, 4, 12, minute) };
}

const names = (items: RetentionCandidate[]): string[] => items.map((item) => item.name);

describe('planRetention', () => {
  it('keeps the newest N when all are ready', () => {
    const plan = planRetention([snapshot('a', 1), snapshot('c', 3), snapshot('b', 2), snapshot('d', 4)], 2);
    expect(names(plan.kept)).toEqual(['d', 'c']);
    expect(names(plan.deleted)).toEqual(['b', 'a']);
  });

  it('deletes nothing at or under keep', () => {
    const plan = planRetention([snapshot('a', 1), snapshot('b', 2)], 2);
    expect(names(plan.deleted)).toEqual([]);
    expect(plan.kept).toHaveLength(2);
  });

  it('keeps the newest ready one behind failed runs', () => {
    const plan = planRetention([snapshot('ok', 1), snapshot('fail-1', 2, false), snapshot('fail-2', 3, false)], 1);
    expect(names(plan.kept)).toEqual(['ok']);
    expect(names(plan.deleted)).toEqual(['fail-2', 'fail-1']);
  });

  it('keeps N ready ones behind a failed run', () => {
    const plan = planRetention([snapshot('old', 1), snapshot('ok', 2), snapshot('fail', 3, false)], 2);
    expect(names(plan.kept)).toEqual(['ok', 'old']);
    expect(names(plan.deleted)).toEqual(['fail']);
  });

  it('deletes failed ones when none is ready', () => {
    const plan = planRetention([snapshot('x', 1, false), snapshot('y', 2, false)], 1);
    expect(names(plan.kept)).toEqual([]);
    expect(names(plan.deleted)).toEqual(['y', 'x']);
  });

  it('never keeps more than N', () => {
    const candidates = [1, 2, 3, 4, 5, 6].map((minute) => snapshot(`s${minute}`, minute, minute % 2 === 0));
    for (const keep of [1, 2, 3, 5]) {
      const plan = planRetention(candidates, keep);
      expect(plan.kept.length).toBeLessThanOrEqual(keep);
      expect(plan.kept[0]?.name).toBe('s6');
      expect(plan.kept.length + plan.deleted.length).toBe(candidates.length);
    }
  });

  it('keeps snapshots a restore still uses', () => {
    const plan = planRetention([snapshot('old', 1), snapshot('mid', 2), snapshot('new', 3)], 1, new Set(['old']));
    expect(names(plan.kept)).toEqual(['new', 'old']);
    expect(names(plan.deleted)).toEqual(['mid']);
  });

  it('orders equal times by name, newest name first', () => {
    const plan = planRetention([snapshot('pvc-scheduled-20261204-120001', 0), snapshot('pvc-scheduled-20261204-120002', 0)], 1);
    expect(names(plan.deleted)).toEqual(['pvc-scheduled-20261204-120001']);
  });

  it('treats an unknown creation time as the oldest', () => {
    const plan = planRetention([{ name: 'unknown', ready: true, createdAtMs: 0 }, snapshot('known', 1)], 1);
    expect(names(plan.deleted)).toEqual(['unknown']);
  });

  it.each([0, -1, 1.5])('rejects keep %s', (keep) => {
    expect(() => planRetention([], keep)).toThrow(/keep must be a positive integer/);
  });
});
