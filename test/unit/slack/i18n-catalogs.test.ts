import { describe, expect, it } from 'vitest';
import { catalogEn } from '../../../src/slack/i18n/catalog-en.js';
import { catalogZhCn } from '../../../src/slack/i18n/catalog-zh-cn.js';
import { placeholdersOf } from '../../../src/slack/i18n/translate.js';
import { USAGE_KEYS } from '../../../commands/help.js';
import { SUBCOMMANDS } from '../../../commands/parse-command.js';

const catalogs = { en: catalogEn, 'zh-CN': catalogZhCn } as const;

describe('message catalogs', () => {
  it('have exactly the same keys', () => {
    expect(Object.keys(catalogZhCn).sort()).toEqual(Object.keys(catalogEn).sort());
  });

  it.each(Object.keys(catalogEn))('use the same placeholders for %s', (key) => {
    const english = placeholdersOf(catalogEn[key as keyof typeof catalogEn]).sort();
    const chinese = placeholdersOf(catalogZhCn[key as keyof typeof catalogZhCn]).sort();
    expect(chinese).toEqual(english);
  });

  it.each(Object.entries(catalogs))('%s has no mrkdwn control characters', (_, catalog) => {
    for (const [key, template] of Object.entries(catalog)) {
      expect({ key, ok: !/[<>&]/.test(template) }).toEqual({ key, ok: true });
    }
  });

  it.each(Object.entries(catalogs))('%s has no empty messages', (_, catalog) => {
    for (const [key, template] of Object.entries(catalog)) {
      expect({ key, length: template.trim().length > 0 }).toEqual({ key, length: true });
    }
  });

  it('lists only existing subcommands in help', () => {
    const usageKeys = Object.keys(catalogEn).filter((key) => key.startsWith('usage.'));
    expect(usageKeys.sort()).toEqual(Object.values(USAGE_KEYS).sort());
    expect(Object.keys(USAGE_KEYS).sort()).toEqual([...SUBCOMMANDS].sort());
  });
});
