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
    expect(names(plan.kept)).toEqual(['fail-2', 'ok']);
    expect(names(plan.deleted)).toEqual(['fail-1']);
  });

  it('deletes older ready ones behind failed runs', () => {
    const plan = planRetention([snapshot('old', 1), snapshot('ok', 2), snapshot('fail', 3, false)], 2);
    expect(names(plan.kept)).toEqual(['fail', 'ok']);
    expect(names(plan.deleted)).toEqual(['old']);
  });

  it('deletes beyond keep when none is ready', () => {
    const plan = planRetention([snapshot('x', 1, false), snapshot('y', 2, false)], 1);
    expect(names(plan.kept)).toEqual(['y']);
    expect(names(plan.deleted)).toEqual(['x']);
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
