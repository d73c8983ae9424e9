import { createServer, type Server } from 'node:net';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findFreePort } from '../../../src/lab/processes/free-port.js';
import { initDataDirectory, startMariadb } from '../../../src/lab/processes/mariadb-server.js';
import { startTestMariadb, type TestMariadb } from '../../support/mariadb.js';

describe('mariadbd process', () => {
  let mariadb: TestMariadb;
  let scratch: string;

  beforeAll(async () => {
    mariadb = await startTestMariadb();
    scratch = await mkdtemp(join(tmpdir(), 'pxmysql-mariadb-server-test-'));
  });

  afterAll(async () => {
    await mariadb?.stop();
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('accepts root over TCP', async () => {
    const connection = await mariadb.connect();
    const [rows] = await connection.query<RowDataPacket[]>('SELECT VERSION() AS version, @@bind_address AS bindAddress, @@log_bin AS logBin');
    await connection.end();

    expect(String(rows[0]?.version)).toContain('MariaDB');
    expect(rows[0]?.bindAddress).toBe('127.0.0.1');
    expect(Number(rows[0]?.logBin)).toBe(0);
  });

  it('uses the small InnoDB settings', async () => {
    const connection = await mariadb.connect();
    const [rows] = await connection.query<RowDataPacket[]>('SELECT @@innodb_buffer_pool_size AS pool, @@innodb_log_file_size AS log');
    await connection.end();

    expect(Number(rows[0]?.pool)).toBe(16 * 1024 * 1024);
    expect(Number(rows[0]?.log)).toBe(8 * 1024 * 1024);
  });

  it('keeps committed rows after SIGKILL', async () => {
    const connection = await mariadb.connect();
    await connection.query('CREATE DATABASE crashy');
    await connection.query('CREATE TABLE crashy.items (id INT PRIMARY KEY, name VARCHAR(20)) ENGINE=InnoDB');
    await connection.query("INSERT INTO crashy.items VALUES (1, 'one'), (2, 'two'), (3, 'three')");
    await connection.end();
    const killed = mariadb.server;

    await mariadb.restart({ crash: true });

    expect(await killed.exited).toEqual({ code: null, signal: 'SIGKILL' });
    expect(mariadb.server.pid).not.toBe(killed.pid);
    const after = await mariadb.connect();
    const [rows] = await after.query<RowDataPacket[]>('SELECT id, name FROM crashy.items ORDER BY id');
    await after.end();
    expect(rows.map((row) => row.name)).toEqual(['one', 'two', 'three']);
    const errorLog = await readFile(mariadb.server.errorLog, 'utf8');
    expect(errorLog).toMatch(/crash recovery/i);
  });

  it('stops cleanly on SIGTERM', async () => {
    const stopped = mariadb.server;

    await mariadb.restart();

    expect(await stopped.exited).toEqual({ code: 0, signal: null });
    const connection = await mariadb.connect();
    const [rows] = await connection.query<RowDataPacket[]>('SELECT COUNT(*) AS total FROM crashy.items');
    await connection.end();
    expect(Number(rows[0]?.total)).toBe(3);
  });

  it('listens on another loopback address', async () => {
    const host = '127.77.0.1';
    const dataDir = join(scratch, 'other-address-data');
    await initDataDirectory(dataDir);
    const server = await startMariadb({ dataDir, runDir: join(scratch, 'other-address-run'), host, port: await findFreePort(host) });

    try {
      expect(server.host).toBe(host);
      expect(server.pid).toBeGreaterThan(0);
    } finally {
      await server.stop();
    }
    expect(await server.exited).toEqual({ code: 0, signal: null });
  });

  it('reports the error log when the port is taken', async () => {
    const dataDir = join(scratch, 'busy-port-data');
    await initDataDirectory(dataDir);
    const blocker: Server = createServer();
    const port = await findFreePort('127.0.0.1');
    await new Promise<void>((resolve) => blocker.listen({ host: '127.0.0.1', port }, resolve));

    try {
      const start = startMariadb({ dataDir, runDir: join(scratch, 'busy-port-run'), host: '127.0.0.1', port, startTimeoutMs: 10_000 });
      await expect(start).rejects.toThrow(/exited before accepting connections/);
      await expect(start).rejects.toThrow(/Address already in use/);
      await expect(start).rejects.toThrow(/error\.log/);
    } finally {
      await new Promise((resolve) => blocker.close(resolve));
    }
  });

  it('rejects a non-loopback host', async () => {
    const start = startMariadb({ dataDir: join(scratch, 'unused'), runDir: join(scratch, 'unused-run'), host: '0.0.0.0', port: 3306 });

    await expect(start).rejects.toThrow(/invalid host "0\.0\.0\.0".*127\.0\.0\.0\/8/);
  });

  it('rejects a wrong root password at once', async () => {
    const start = startMariadb({
      dataDir: join(scratch, 'busy-port-data'),
      runDir: join(scratch, 'password-run'),
      host: '127.0.0.1',
      port: await findFreePort('127.0.0.1'),
      rootPassword: 'not-the-password',
    });

    await expect(start).rejects.toThrow(/rejected the root login/);
  });
});

describe('initDataDirectory', () => {
  let scratch: string;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'pxmysql-data-directory-test-'));
  });

  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  it('creates the system tables', async () => {
    const dataDir = join(scratch, 'fresh');

    await initDataDirectory(dataDir);

    const entries = await readdir(dataDir);
    expect(entries).toContain('mysql');
    expect(entries).toContain('ibdata1');
    expect(entries).toContain('ib_logfile0');
  });

  it('rejects a directory that is not empty', async () => {
    const dataDir = join(scratch, 'used');
    await mkdir(dataDir);
    await writeFile(join(dataDir, 'precious.txt'), 'keep me');

    await expect(initDataDirectory(dataDir)).rejects.toThrow(/not empty.*precious\.txt/);
    expect(await readdir(dataDir)).toEqual(['precious.txt']);
  });
});
