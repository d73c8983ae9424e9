import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../commands/parse-command.js';
import { isPxmysqlError } from '../../../src/errors.js';

function parseError(text: string): { code: string; key: string | undefined } {
  try {
    parseCommand(text);
  } catch (error) {
    if (!isPxmysqlError(error)) throw error;
    return { code: error.code, key: error.messageKey };
  }
  throw new Error(`"${text}" parsed without an error`);
}

describe('jobs, cancel and audit commands', () => {
  it('parses jobs with and without a target', () => {
    expect(parseCommand('jobs')).toEqual({ subcommand: 'jobs', target: undefined });
    expect(parseCommand('jobs orders-db')).toEqual({ subcommand: 'jobs', target: 'orders-db' });
    expect(parseError('jobs orders-db extra').code).toBe('unexpected_argument');
    expect(parseError('jobs Orders_DB').code).toBe('invalid_argument');
  });

  it('parses cancel with a job id as pxmysql makes them', () => {
    expect(parseCommand('cancel failover-ap_1a2b3c.4')).toEqual({ subcommand: 'cancel', jobId: 'failover-ap_1a2b3c.4' });
    expect(parseCommand('cancel repeat:snapshot-orders-db:1733350000000')).toEqual({ subcommand: 'cancel', jobId: 'repeat:snapshot-orders-db:1733350000000' });
  });

  it('rejects a missing or invalid job', () => {
    expect(parseError('cancel')).toEqual({ code: 'missing_argument', key: 'operations.cancel.missingJob' });
    expect(parseError('cancel a b').code).toBe('unexpected_argument');
    expect(parseError('cancel <@U0LABONC1>')).toEqual({ code: 'invalid_argument', key: 'operations.cancel.invalidJob' });
    expect(parseError('cancel job;rm').key).toBe('operations.cancel.invalidJob');
    expect(parseError(`cancel ${'a'.repeat(201)}`).key).toBe('operations.cancel.invalidJob');
  });

  it('parses audit with a target, a count, both, or neither', () => {
    expect(parseCommand('audit')).toEqual({ subcommand: 'audit', target: undefined, count: 10 });
    expect(parseCommand('audit orders-db')).toEqual({ subcommand: 'audit', target: 'orders-db', count: 10 });
    expect(parseCommand('audit 25')).toEqual({ subcommand: 'audit', target: undefined, count: 25 });
    expect(parseCommand('audit orders-db 3')).toEqual({ subcommand: 'audit', target: 'orders-db', count: 3 });
  });

  it('refuses an audit count out of range and extra words', () => {
    expect(parseError('audit 0').key).toBe('operations.audit.invalidCount');
    expect(parseError('audit orders-db 51').key).toBe('operations.audit.invalidCount');
    expect(parseError('audit 3 orders-db').code).toBe('unexpected_argument');
    expect(parseError('audit orders-db 3 4').code).toBe('unexpected_argument');
  });
});
