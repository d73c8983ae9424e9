import { mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql, { type RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ImageEnvironmentError } from '../../../src/lab/mysql-image/image-environment.js';
import { prepareDataDirectory } from '../../../src/lab/mysql-image/prepare-data-directory.js';
import { findFreePort } from '../../../src/lab/processes/free-port.js';
import { startMariadb, type MariadbProcess } from '../../../src/lab/processes/mariadb-server.js';

const HOST = '127.0.0.1';

describe('prepareDataDirectory', () => {
  let scratch: string;

  beforeAll(async () => {
    scratch = await mkdtemp(join(tmpdir(), 'pxmysql-image-test-'));
  });

  afterAll(async () => {
    if (scratch) await rm(scratch, { recursive: true, force: true });
  });

  async function start(name: string, rootPassword: string): Promise<MariadbProcess> {
    return await startMariadb({ dataDir: join(scratch, name), runDir: join(scratch, `${name}-run`), host: HOST, port: await findFreePort(HOST), rootPassword });
  }

  async function connect(server: MariadbProcess, user: string, password: string, database?: string): Promise<mysql.Connection> {
    return await mysql.createConnection({ host: server.host, port: server.port, user, password, ...(database ? { database } : {}) });
  }

  describe('with MYSQL_ROOT_PASSWORD, MYSQL_DATABASE and MYSQL_USER', () => {
    const env = { MYSQL_ROOT_PASSWORD: 'r00t pass\'"\\', MYSQL_DATABASE: 'orders_db', MYSQL_USER: 'app', MYSQL_PASSWORD: 'app-pass' };
    let server: MariadbProcess;

    beforeAll(async () => {
      const result = await prepareDataDirectory({ dataDir: join(scratch, 'full'), env });
      expect(result).toEqual({ initialised: true, warnings: [] });
      server = await start('full', env.MYSQL_ROOT_PASSWORD);
    });

    afterAll(async () => {
      await server?.stop();
    });

    it('sets the root password', async () => {
      const root = await connect(server, 'root', env.MYSQL_ROOT_PASSWORD);
      const [rows] = await root.query<RowDataPacket[]>('SELECT CURRENT_USER() AS account');
      await root.end();

      expect(String(rows[0]?.account)).toMatch(/^root@/);
      await expect(connect(server, 'root', '')).rejects.toThrow(/Access denied/);
    });

    it('keeps only root@localhost and the network root', async () => {
      const root = await connect(server, 'root', env.MYSQL_ROOT_PASSWORD);
      const [rows] = await root.query<RowDataPacket[]>("SELECT Host AS host FROM mysql.user WHERE User = 'root' ORDER BY Host");
      const [anonymous] = await root.query<RowDataPacket[]>("SELECT COUNT(*) AS total FROM mysql.user WHERE User = ''");
      await root.end();

      expect(rows.map((row) => row.host)).toEqual(['%', 'localhost']);
      expect(Number(anonymous[0]?.total)).toBe(0);
    });

    it('creates the database and the user', async () => {
      const app = await connect(server, 'app', 'app-pass', 'orders_db');
      await app.query('CREATE TABLE orders (id INT PRIMARY KEY)');
      await app.query('INSERT INTO orders VALUES (1)');
      const [rows] = await app.query<RowDataPacket[]>('SELECT COUNT(*) AS total FROM orders');

      expect(Number(rows[0]?.total)).toBe(1);
      await expect(app.query('CREATE DATABASE ordersXdb')).rejects.toThrow(/Access denied/);
      await app.end();
    });

    it('leaves an initialised directory alone', async () => {
      await server.stop();

      const again = await prepareDataDirectory({ dataDir: join(scratch, 'full'), env: { MYSQL_ROOT_PASSWORD: 'another password' } });
      const withoutPassword = await prepareDataDirectory({ dataDir: join(scratch, 'full'), env: {} });

      expect(again).toEqual({ initialised: false, warnings: [] });
      expect(withoutPassword).toEqual({ initialised: false, warnings: [] });
      server = await start('full', env.MYSQL_ROOT_PASSWORD);
      const app = await connect(server, 'app', 'app-pass', 'orders_db');
      const [rows] = await app.query<RowDataPacket[]>('SELECT COUNT(*) AS total FROM orders');
      await app.end();
      expect(Number(rows[0]?.total)).toBe(1);
    });
  });

  it('rejects a missing root password option', async () => {
    const dataDir = join(scratch, 'no-password');
    await mkdir(dataDir);

    const prepare = prepareDataDirectory({ dataDir, env: { MYSQL_DATABASE: 'shop' } });

    await expect(prepare).rejects.toBeInstanceOf(ImageEnvironmentError);
    await expect(prepare).rejects.toThrow(/Database is uninitialized and password option is not specified/);
    await expect(prepare).rejects.toThrow(/MYSQL_ROOT_PASSWORD/);
    expect(await readdir(dataDir)).toEqual([]);
  });

  it('allows an empty root password when asked', async () => {
    const result = await prepareDataDirectory({ dataDir: join(scratch, 'empty-password'), env: { MYSQL_ALLOW_EMPTY_PASSWORD: 'yes' } });
    const server = await start('empty-password', '');

    try {
      expect(result.initialised).toBe(true);
      const root = await connect(server, 'root', '');
      await root.end();
    } finally {
      await server.stop();
    }
  });

  it('generates a random root password', async () => {
    const result = await prepareDataDirectory({ dataDir: join(scratch, 'random'), env: { MARIADB_RANDOM_ROOT_PASSWORD: '1', MYSQL_ROOT_PASSWORD: 'ignored' } });
    const password = result.generatedRootPassword ?? '';
    const server = await start('random', password);

    try {
      expect(password.length).toBeGreaterThanOrEqual(24);
      await expect(connect(server, 'root', 'ignored')).rejects.toThrow(/Access denied/);
    } finally {
      await server.stop();
    }
  });

  it('rejects MYSQL_USER root', async () => {
    const dataDir = join(scratch, 'root-user');
    const prepare = prepareDataDirectory({ dataDir, env: { MYSQL_ROOT_PASSWORD: 'pw', MYSQL_USER: 'root', MYSQL_PASSWORD: 'pw' } });

    await expect(prepare).rejects.toThrow(/cannot be used for the root user/);
    await expect(readdir(dataDir)).rejects.toThrow(/ENOENT/);
  });

  it('empties the directory when set-up fails', async () => {
    const dataDir = join(scratch, 'bad-database');
    const prepare = prepareDataDirectory({ dataDir, env: { MYSQL_ROOT_PASSWORD: 'pw', MYSQL_DATABASE: 'trailing ' } });

    await expect(prepare).rejects.toThrow(/invalid database name "trailing ": it ends with a space/);
    expect(await readdir(dataDir)).toEqual([]);
  });
});
