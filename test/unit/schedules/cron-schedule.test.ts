import { describe, expect, it } from 'vitest';
import { UserInputError } from '../../../src/errors.js';
import { nextRuns, shortestGapMs, validateCronSchedule } from '../../../src/schedules/cron-schedule.js';
import { findMissedWindow } from '../../../src/schedules/missed-window.js';

const NOW = new Date(Date.UTC(2026, 11, 4, 12, 0, 0));
const MINUTE = 60_000;

function rejection(action: () => void): UserInputError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(UserInputError);
    return error as UserInputError;
  }
  throw new Error('expected a UserInputError');
}

describe('validateCronSchedule', () => {
  it('accepts an interval at the minimum', () => {
    expect(() => validateCronSchedule('*/5 * * * *', 'UTC', 5 * MINUTE, NOW)).not.toThrow();
  });

  it('rejects an interval below the minimum', () => {
    const error = rejection(() => validateCronSchedule('*/2 * * * *', 'UTC', 5 * MINUTE, NOW));
    expect(error.code).toBe('schedule_interval_too_short');
    expect(error.messageParams).toMatchObject({ seconds: 120, minimum: 300 });
  });

  it('finds the shortest gap of an uneven pattern', () => {
    const error = rejection(() => validateCronSchedule('0,1 * * * *', 'UTC', 5 * MINUTE, NOW));
    expect(error.messageParams.seconds).toBe(60);
  });

  it('accepts a seconds field when the minimum allows', () => {
    expect(() => validateCronSchedule('*/2 * * * * *', 'UTC', 1_000, NOW)).not.toThrow();
  });

  it('rejects a seconds field at the default minimum', () => {
    expect(rejection(() => validateCronSchedule('*/2 * * * * *', 'UTC', 5 * MINUTE, NOW)).code).toBe('schedule_interval_too_short');
  });

  it.each(['61 * * * *', '* * *', 'every day', '* * * * * * * *'])('rejects cron %j', (cron) => {
    expect(rejection(() => validateCronSchedule(cron, 'UTC', MINUTE, NOW)).code).toBe('schedule_cron_invalid');
  });

  it('rejects an unknown time zone', () => {
    const error = rejection(() => validateCronSchedule('0 * * * *', 'Mars/Olympus', MINUTE, NOW));
    expect(error.code).toBe('schedule_timezone_invalid');
    expect(error.messageParams.timezone).toBe('Mars/Olympus');
  });

  it('reads the pattern in the time zone', () => {
    const [next] = nextRuns('0 3 * * *', 'Asia/Shanghai', NOW, 1);
    expect(new Date(next as number).toISOString()).toBe('2026-12-04T19:00:00.000Z');
  });
});

describe('shortestGapMs', () => {
  it('returns undefined for one time', () => {
    expect(shortestGapMs([1])).toBeUndefined();
  });

  it('returns the smallest difference', () => {
    expect(shortestGapMs([0, 10, 15, 40])).toBe(5);
  });
});

describe('findMissedWindow', () => {
  const base = { cron: '*/10 * * * *', timezone: 'UTC', since: NOW.getTime(), graceMs: 2 * MINUTE };

  it('is quiet after one missed run', () => {
    expect(findMissedWindow({ ...base, now: NOW.getTime() + 15 * MINUTE })).toBeUndefined();
  });

  it('waits for the grace after the second run', () => {
    expect(findMissedWindow({ ...base, now: NOW.getTime() + 21 * MINUTE })).toBeUndefined();
  });

  it('reports the first window after two runs and the grace', () => {
    expect(findMissedWindow({ ...base, now: NOW.getTime() + 22 * MINUTE })).toEqual({ window: 1, missedRuns: 2 });
  });

  it('moves to the next window after two more runs', () => {
    expect(findMissedWindow({ ...base, now: NOW.getTime() + 35 * MINUTE })).toEqual({ window: 1, missedRuns: 3 });
    expect(findMissedWindow({ ...base, now: NOW.getTime() + 42 * MINUTE })).toEqual({ window: 2, missedRuns: 4 });
  });

  it('is quiet when now is before since', () => {
    expect(findMissedWindow({ ...base, now: NOW.getTime() - MINUTE })).toBeUndefined();
  });
});
