import { describe, expect, it } from 'vitest';
import { formatMessage, placeholdersOf, resolveLocale, translate } from '../../../src/slack/i18n/translate.js';

describe('translate', () => {
  it('fills placeholders in English', () => {
    expect(translate('en', 'error.unknownTarget', { target: 'foo', targets: 'orders-db, users-db' })).toBe(
      'Unknown target `foo`. Known targets: orders-db, users-db.',
    );
  });

  it('fills placeholders in Simplified Chinese', () => {
    expect(translate('zh-CN', 'error.internal', { errorId: 'ab12cd34' })).toContain('`ab12cd34`');
  });

  it('fills the parent line', () => {
    const line = translate('en', 'job.parent', { operation: 'status', target: 'orders-db', user: '<@U123>', state: 'running' });
    expect(line).toBe('`status` on `orders-db` requested by <@U123>: running');
  });

  it('accepts numbers as parameters', () => {
    expect(translate('en', 'error.internal', { errorId: 42 })).toContain('`42`');
  });

  it('throws on a missing parameter under test', () => {
    expect(() => translate('en', 'error.unknownSubcommand')).toThrow(/subcommand/);
  });

  it('throws on an unknown key under test', () => {
    expect(() => translate('en', 'error.doesNotExist')).toThrow(/error\.doesNotExist/);
  });
});

describe('formatMessage', () => {
  it('keeps a missing placeholder when not strict', () => {
    expect(formatMessage('a {x} b {y}', { x: 1 }, false)).toBe('a 1 b {y}');
  });

  it('throws on a missing placeholder when strict', () => {
    expect(() => formatMessage('a {x}', {}, true)).toThrow(/"x"/);
  });

  it('ignores parameters the template does not use', () => {
    expect(formatMessage('a {x}', { x: 'X', y: 'Y' }, true)).toBe('a X');
  });

  it('inserts values literally', () => {
    expect(formatMessage('{x}', { x: '$& {y}' }, true)).toBe('$& {y}');
  });
});

describe('placeholdersOf', () => {
  it('lists each placeholder once', () => {
    expect(placeholdersOf('{a} and {b} and {a}')).toEqual(['a', 'b']);
  });
});

describe('resolveLocale', () => {
  it.each([
    ['zh-CN', 'zh-CN'],
    ['zh_CN', 'zh-CN'],
    ['zh-Hans', 'zh-CN'],
    ['zh-Hans-CN', 'zh-CN'],
    ['zh', 'zh-CN'],
    ['en-US', 'en'],
    ['en-GB', 'en'],
    ['en', 'en'],
  ] as const)('maps %s to %s', (slackLocale, expected) => {
    expect(resolveLocale(slackLocale, 'en')).toBe(expected);
    expect(resolveLocale(slackLocale, 'zh-CN')).toBe(expected);
  });

  it.each(['zh-TW', 'zh-Hant', 'ja-JP', 'fr-FR', ''])('falls back for %s', (slackLocale) => {
    expect(resolveLocale(slackLocale, 'zh-CN')).toBe('zh-CN');
    expect(resolveLocale(slackLocale, 'en')).toBe('en');
  });

  it('falls back without a Slack locale', () => {
    expect(resolveLocale(undefined, 'zh-CN')).toBe('zh-CN');
  });
});
