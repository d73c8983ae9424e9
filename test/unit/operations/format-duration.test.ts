import { describe, expect, it } from 'vitest';
import { formatDuration, formatMinutes } from '../../../commands/format-duration.js';

describe('formatDuration', () => {
  it.each([
    [-5_000, '0 s'],
    [4_900, '4 s'],
    [119_999, '119 s'],
    [120_000, '2 min'],
    [119 * 60_000, '119 min'],
    [120 * 60_000, '2 h'],
    [47 * 3_600_000 + 59 * 60_000, '47 h'],
    [48 * 3_600_000, '2 d'],
  ])('formats %i ms as %s', (milliseconds, text) => {
    expect(formatDuration('en', milliseconds)).toBe(text);
  });

  it('uses the catalog of the locale', () => {
    expect(formatMinutes('zh-CN', 5)).not.toBe(formatMinutes('en', 5));
    expect(formatMinutes('zh-CN', 5)).toContain('5');
  });
});
