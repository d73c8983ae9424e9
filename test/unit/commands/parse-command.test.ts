import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../commands/parse-command.js';
import { tokenize } from '../../../commands/tokenize.js';
import { UserInputError } from '../../../src/errors.js';

function inputError(text: string): UserInputError {
  try {
    parseCommand(text);
  } catch (error) {
    expect(error).toBeInstanceOf(UserInputError);
    return error as UserInputError;
  }
  throw new Error(`expected "${text}" to be rejected`);
}

describe('tokenize', () => {
  it('turns Slack user and channel escapes into ids', () => {
    expect(tokenize('<@U0123ABC|alice> <#C0LABOPS1|ops> <#C0ABC>')).toEqual([
      { kind: 'user', id: 'U0123ABC', label: 'alice' },
      { kind: 'channel', id: 'C0LABOPS1', label: 'ops' },
      { kind: 'channel', id: 'C0ABC', label: undefined },
    ]);
  });

  it('turns user group escapes into ids', () => {
    expect(tokenize('<!subteam^S0DBAS001|@dbas>')).toEqual([{ kind: 'usergroup', id: 'S0DBAS001', label: '@dbas' }]);
  });

  it('groups quoted words and decodes entities', () => {
    expect(tokenize('"two words" \'x &amp; y\' a&lt;b')).toEqual([
      { kind: 'word', value: 'two words' },
      { kind: 'word', value: 'x & y' },
      { kind: 'word', value: 'a<b' },
    ]);
  });

  it('accepts the curly quotes Slack clients type', () => {
    expect(tokenize('“incident title”')).toEqual([{ kind: 'word', value: 'incident title' }]);
  });

  it('rejects an unclosed quote', () => {
    expect(() => tokenize('"open')).toThrow(UserInputError);
  });

  it('keeps a display-name-looking word as a plain word', () => {
    expect(tokenize('@alice #ops')).toEqual([
      { kind: 'word', value: '@alice' },
      { kind: 'word', value: '#ops' },
    ]);
  });
});

describe('parseCommand', () => {
  it('treats empty text as help', () => {
    expect(parseCommand('   ')).toEqual({ subcommand: 'help', topic: undefined });
  });

  it('parses help with a topic', () => {
    expect(parseCommand('help status')).toEqual({ subcommand: 'help', topic: 'status' });
  });

  it('parses status with and without a target', () => {
    expect(parseCommand('status')).toEqual({ subcommand: 'status', target: undefined });
    expect(parseCommand('STATUS orders-db')).toEqual({ subcommand: 'status', target: 'orders-db' });
  });

  it('rejects an unknown subcommand by name', () => {
    const error = inputError('frobnicate now');
    expect(error.code).toBe('unknown_subcommand');
    expect(error.messageParams.subcommand).toBe('frobnicate');
  });

  it('suggests the subcommand for a typo', () => {
    const cases: Array<[string, string]> = [
      ['stauts', 'status'],
      ['snapshto orders-db', 'snapshot'],
      ['failvoer', 'failover'],
      ['job', 'jobs'],
      ['help scheduel', 'schedule'],
    ];
    for (const [text, suggestion] of cases) {
      const error = inputError(text);
      expect(error.messageKey, text).toBe('error.unknownSubcommandSuggestion');
      expect(error.messageParams.suggestion, text).toBe(suggestion);
    }
    expect(inputError('frobnicate').messageKey).toBe('error.unknownSubcommand');
    expect(inputError('<@U0123ABC>').messageKey).toBe('error.unknownSubcommand');
  });

  it('rejects flags a subcommand lacks', () => {
    for (const text of ['snapshot --as x', 'snapshot orders-db --name', 'status --all', 'expand \u2014size 2Gi', 'drop --force db1']) {
      const error = inputError(text);
      expect(error.code, text).toBe('unknown_flag');
      expect(error.messageKey, text).toBe('error.unknownFlag');
    }
  });

  it('rejects an extra argument', () => {
    const error = inputError('status orders-db extra');
    expect(error.code).toBe('unexpected_argument');
    expect(error.messageParams).toMatchObject({ argument: 'extra', subcommand: 'status' });
  });

  it('rejects an invalid target name', () => {
    const error = inputError('status Orders_DB');
    expect(error.code).toBe('invalid_argument');
    expect(error.messageParams.argument).toBe('Orders_DB');
  });

  it('shows a mention argument by id, never by display name', () => {
    const error = inputError('status <@U0123ABC|mallory>');
    expect(error.messageParams.argument).toBe('<@U0123ABC>');
  });

  it('rejects an unknown help topic', () => {
    expect(inputError('help failover-now').code).toBe('unknown_subcommand');
  });

  it('parses failover with flags in any order', () => {
    expect(parseCommand('failover orders-db --keep-cordoned')).toEqual({ subcommand: 'failover', target: 'orders-db', force: false, keepCordoned: true });
    expect(parseCommand('failover --force')).toEqual({ subcommand: 'failover', target: undefined, force: true, keepCordoned: false });
  });

  it('accepts the em dash Slack makes of --', () => {
    expect(parseCommand('failover \u2014force')).toMatchObject({ force: true });
  });

  it('rejects an unknown failover flag', () => {
    const error = inputError('failover --now');
    expect(error.code).toBe('unknown_flag');
    expect(error.messageParams).toMatchObject({ flag: '--now', subcommand: 'failover' });
  });
});
