import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../commands/parse-command.js';
import { incidentTargetName, incidentTitleWords } from '../../../commands/parse-incident.js';

const TARGETS = { 'orders-db': {}, 'billing-db': {} };

describe('/pxmysql incident parsing', () => {
  it('keeps every word', () => {
    expect(parseCommand('incident orders-db replica lag "since 10:00"')).toEqual({ subcommand: 'incident', words: ['orders-db', 'replica', 'lag', 'since 10:00'] });
  });

  it('accepts no words', () => {
    expect(parseCommand('incident')).toEqual({ subcommand: 'incident', words: [] });
  });

  it('turns mentions into plain words', () => {
    expect(parseCommand('incident paged <@U0LABONC1|oncall> in <#C0LABOPS1|ops>')).toEqual({ subcommand: 'incident', words: ['paged', '@oncall', 'in', '#ops'] });
  });

  it('takes a configured target first', () => {
    expect(incidentTargetName(TARGETS, ['billing-db', 'disk', 'full'])).toBe('billing-db');
    expect(incidentTitleWords(TARGETS, ['billing-db', 'disk', 'full'])).toEqual(['disk', 'full']);
  });

  it('reads other first words as title', () => {
    expect(incidentTargetName(TARGETS, ['disk', 'full'])).toBeUndefined();
    expect(incidentTitleWords(TARGETS, ['disk', 'full'])).toEqual(['disk', 'full']);
    expect(incidentTargetName(TARGETS, ['toString'])).toBeUndefined();
  });
});
