import { describe, expect, it } from 'vitest';
import { parseCommand } from '../../../commands/parse-command.js';
import { UserInputError } from '../../../src/errors.js';
import { parseScheduleId, scheduleIdFor } from '../../../src/schedules/schedule-types.js';

function inputError(text: string): UserInputError {
  try {
    parseCommand(text);
  } catch (error) {
    expect(error).toBeInstanceOf(UserInputError);
    return error as UserInputError;
  }
  throw new Error(`expected "${text}" to be rejected`);
}

describe('schedule command parsing', () => {
  it('reads a quoted cron without target', () => {
    expect(parseCommand('schedule snapshot "0 */6 * * *"')).toEqual({
      subcommand: 'schedule',
      kind: 'snapshot',
      target: undefined,
      cron: '0 */6 * * *',
      timezone: undefined,
      keep: undefined,
    });
  });

  it('reads target, quoted cron and flags', () => {
    expect(parseCommand('schedule snapshot orders-db "30 2 * * *" --tz Asia/Shanghai --keep 14')).toEqual({
      subcommand: 'schedule',
      kind: 'snapshot',
      target: 'orders-db',
      cron: '30 2 * * *',
      timezone: 'Asia/Shanghai',
      keep: 14,
    });
  });

  it('reads five unquoted fields as the cron', () => {
    const request = parseCommand('schedule snapshot 0 */6 * * * --keep 2');
    expect(request).toMatchObject({ target: undefined, cron: '0 */6 * * *', keep: 2 });
  });

  it('reads six numeric fields as a cron with seconds', () => {
    expect(parseCommand('schedule snapshot */2 * * * * *')).toMatchObject({ target: undefined, cron: '*/2 * * * * *' });
  });

  it('reads target before five unquoted fields', () => {
    expect(parseCommand('schedule snapshot orders-db 0 3 * * 1')).toMatchObject({ target: 'orders-db', cron: '0 3 * * 1' });
  });

  it('reads target before six unquoted fields', () => {
    expect(parseCommand('schedule snapshot orders-db */5 * * * * *')).toMatchObject({ target: 'orders-db', cron: '*/5 * * * * *' });
  });

  it('accepts a predefined name such as @daily', () => {
    expect(parseCommand('schedule snapshot orders-db @daily')).toMatchObject({ target: 'orders-db', cron: '@daily' });
  });

  it('reads a drill schedule', () => {
    expect(parseCommand('schedule drill orders-db "0 4 * * 0" --tz UTC')).toEqual({
      subcommand: 'schedule',
      kind: 'drill',
      target: 'orders-db',
      cron: '0 4 * * 0',
      timezone: 'UTC',
      keep: undefined,
    });
  });

  it('rejects --keep on a drill', () => {
    expect(inputError('schedule drill "0 4 * * 0" --keep 3').messageKey).toBe('error.unknownFlag');
  });

  it.each(['0', '101', '-1', '2.5', 'many'])('rejects --keep %s', (keep) => {
    const error = inputError(`schedule snapshot "0 * * * *" --keep ${keep}`);
    expect(error.messageKey).toBe('schedule.invalidKeep');
    expect(error.messageParams.subcommand).toBe('schedule');
  });

  it('rejects a missing kind', () => {
    expect(inputError('schedule').messageKey).toBe('schedule.invalidKind');
  });

  it('rejects an unknown kind', () => {
    expect(inputError('schedule backup "0 * * * *"').messageParams.kind).toBe('backup');
  });

  it('rejects a missing cron', () => {
    expect(inputError('schedule snapshot orders-db').messageKey).toBe('schedule.missingCron');
  });

  it('rejects a cron of three fields', () => {
    expect(inputError('schedule snapshot 0 * *').messageKey).toBe('schedule.missingCron');
  });

  it('rejects an invalid target name', () => {
    expect(inputError('schedule snapshot Orders_DB "0 * * * *"').messageKey).toBe('error.invalidTarget');
  });
});

describe('schedules and unschedule parsing', () => {
  it('reads schedules with and without target', () => {
    expect(parseCommand('schedules')).toEqual({ subcommand: 'schedules', target: undefined });
    expect(parseCommand('schedules orders-db')).toEqual({ subcommand: 'schedules', target: 'orders-db' });
  });

  it('reads the target from a schedule id', () => {
    expect(parseCommand('unschedule snapshot-orders-db')).toEqual({ subcommand: 'unschedule', id: 'snapshot-orders-db', target: 'orders-db' });
    expect(parseCommand('unschedule drill-billing')).toEqual({ subcommand: 'unschedule', id: 'drill-billing', target: 'billing' });
  });

  it.each(['', 'orders-db', 'snapshot-', 'backup-orders-db'])('rejects schedule id %j', (id) => {
    expect(inputError(`unschedule ${id}`).messageKey).toBe('schedule.invalidId');
  });

  it('rejects a second argument', () => {
    expect(inputError('unschedule snapshot-orders-db extra').messageKey).toBe('error.unexpectedArgument');
  });
});

describe('schedule ids', () => {
  it('round-trips kind and target', () => {
    expect(parseScheduleId(scheduleIdFor('snapshot', 'orders-db'))).toEqual({ kind: 'snapshot', target: 'orders-db' });
    expect(parseScheduleId(scheduleIdFor('drill', 'snapshot-db'))).toEqual({ kind: 'drill', target: 'snapshot-db' });
  });
});
