import { describe, expect, it } from 'vitest';
import { PxmysqlError } from '../../../src/errors.js';
import type { MysqlConnection, MysqlConnectionOptions } from '../../../src/mysql/connect.js';
import { waitForMysql } from '../../../src/mysql/retry-connect.js';

const options: MysqlConnectionOptions = { host: '127.0.0.9', port: 3306, user: 'root', password: 'secret-pw', connectTimeoutMs: 5_000 };
const fakeConnection = { fake: true } as unknown as MysqlConnection;

function refused(): PxmysqlError {
  return new PxmysqlError('mysql_connect_failed', 'could not connect: connect ECONNREFUSED 127.0.0.9:3306', { kind: 'retryable' });
}

describe('waitForMysql with a fake connection', () => {
  it('retries until a connection succeeds', async () => {
    let attempts = 0;
    const sleeps: number[] = [];

    const connection = await waitForMysql(options, {
      deadlineMs: 10_000,
      intervalMs: 250,
      sleep: async (ms) => void sleeps.push(ms),
      connect: async () => {
        attempts += 1;
        if (attempts < 4) throw refused();
        return fakeConnection;
      },
    });

    expect(connection).toBe(fakeConnection);
    expect(attempts).toBe(4);
    expect(sleeps).toEqual([250, 250, 250]);
  });

  it('cuts the connect timeout to the time left', async () => {
    let clock = 0;
    const timeouts: number[] = [];

    await expect(
      waitForMysql(options, {
        deadlineMs: 3_000,
        intervalMs: 1_000,
        now: () => clock,
        sleep: async (ms) => {
          clock += ms;
        },
        connect: async (connectOptions) => {
          timeouts.push(connectOptions.connectTimeoutMs);
          throw refused();
        },
      }),
    ).rejects.toThrow(/4 attempts/);
    expect(timeouts).toEqual([3_000, 2_000, 1_000, 1]);
  });

  it('stops on a permanent error', async () => {
    let attempts = 0;
    const denied = new PxmysqlError('mysql_connect_failed', 'Access denied', { kind: 'permanent' });

    const wait = waitForMysql(options, {
      deadlineMs: 10_000,
      intervalMs: 10,
      sleep: async () => undefined,
      connect: async () => {
        attempts += 1;
        throw denied;
      },
    });

    await expect(wait).rejects.toBe(denied);
    expect(attempts).toBe(1);
  });

  it('keeps the password out of the error', async () => {
    let clock = 0;
    const wait = waitForMysql(options, {
      deadlineMs: 100,
      intervalMs: 50,
      now: () => clock,
      sleep: async (ms) => {
        clock += ms;
      },
      connect: async () => {
        throw refused();
      },
    });

    await expect(wait).rejects.toThrow(/MySQL at 127\.0\.0\.9:3306 did not accept a connection within 100 ms \(3 attempts; last error: .*ECONNREFUSED/);
    await expect(wait).rejects.not.toThrow(/secret-pw/);
  });
});
