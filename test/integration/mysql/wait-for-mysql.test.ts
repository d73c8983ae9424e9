import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../../src/lab/processes/free-port.js';
import { initDataDirectory, startMariadb, type MariadbProcess } from '../../../src/lab/processes/mariadb-server.js';
import { connectToMysql, type MysqlConnectionOptions } from '../../../src/mysql/connect.js';
import { waitForMysql } from '../../../src/mysql/retry-connect.js';

const HOST = '127.0.0.1';

describe('waitForMysql against mariadbd', () => {
  let scratch: string;
  let server: MariadbProcess | undefined;
  let options: MysqlConnectionOptions;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'pxmysql-wait-test-'));
    await initDataDirectory(join(scratch, 'data'));
    options = { host: HOST, port: await findFreePort(HOST), user: 'root', password: '', connectTimeoutMs: 2_000 };
  });

  afterAll(async () => {
    await server?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('connects once a delayed server starts', async () => {
    let attempts = 0;
    const countingConnect = async (connectOptions: MysqlConnectionOptions) => {
      attempts += 1;
      return await connectToMysql(connectOptions);
    };
    const delayedStart = (async () => {
      await new Promise((resolve) => setTimeout(resolve, 400));
      server = await startMariadb({ dataDir: join(scratch, 'data'), runDir: join(scratch, 'run'), host: HOST, port: options.port });
    })();

    const connection = await waitForMysql(options, { deadlineMs: 20_000, intervalMs: 50, connect: countingConnect });
    await delayedStart;
    const [rows] = await connection.query<RowDataPacket[]>('SELECT 1 AS one');
    await connection.end();

    expect(Number(rows[0]?.one)).toBe(1);
    expect(attempts).toBeGreaterThan(1);
  });

  it('stops at once on a wrong password', async () => {
    let sleeps = 0;
    const wait = waitForMysql(
      { ...options, password: 'wrong' },
      { deadlineMs: 20_000, intervalMs: 50, sleep: async () => void (sleeps += 1) },
    );

    await expect(wait).rejects.toThrow(/Access denied/);
    expect(sleeps).toBe(0);
  });

  it('names host:port and the last error after the deadline', async () => {
    const closedPort = await findFreePort(HOST);
    let clock = 0;
    const wait = waitForMysql(
      { ...options, port: closedPort },
      {
        deadlineMs: 1_000,
        intervalMs: 100,
        now: () => clock,
        sleep: async (ms) => {
          clock += ms;
        },
      },
    );

    await expect(wait).rejects.toThrow(`MySQL at ${HOST}:${closedPort} did not accept a connection within 1000 ms`);
    await expect(wait).rejects.toThrow(/11 attempts/);
    await expect(wait).rejects.toThrow(/ECONNREFUSED/);
  });
});
