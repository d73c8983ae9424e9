import { open } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSampleDatabase } from '../../../src/lab/mysql-image/sample-database.js';
import { checkUserTables } from '../../../src/mysql/check-tables.js';
import { startTestMariadb, type TestMariadb } from '../../support/mariadb.js';

describe('CHECK TABLE on MariaDB', () => {
  let mariadb: TestMariadb;

  beforeAll(async () => {
    mariadb = await startTestMariadb();
    const connection = await mariadb.connect();
    await loadSampleDatabase(connection);
    await connection.query('CREATE DATABASE archive');
    await connection.query('CREATE TABLE archive.events (id INT PRIMARY KEY, note VARCHAR(40)) ENGINE=MyISAM');
    await connection.query("INSERT INTO archive.events VALUES (1, 'a'), (2, 'b'), (3, 'c')");
    await connection.query('CREATE VIEW archive.recent AS SELECT * FROM archive.events');
    await connection.end();
  });

  afterAll(async () => {
    await mariadb?.stop();
  });

  it('checks user tables only', async () => {
    const connection = await mariadb.connect();
    const checks = await checkUserTables(connection);
    await connection.end();
    expect(checks).toEqual([
      { table: 'archive.events', ok: true, message: '' },
      { table: 'classicmodels.offices', ok: true, message: '' },
    ]);
  });

  it('reports a corrupted MyISAM index', async () => {
    const connection = await mariadb.connect();
    await connection.query('FLUSH TABLES archive.events');
    // Overwrite the key section of the index file, past its 1 KiB header, as a torn write would.
    const index = await open(join(mariadb.dataDir, 'archive', 'events.MYI'), 'r+');
    try {
      await index.write(Buffer.alloc(1024, 0xff), 0, 1024, 1024);
    } finally {
      await index.close();
    }
    const checks = await checkUserTables(connection);
    await connection.end();

    const events = checks.find((check) => check.table === 'archive.events');
    expect(events?.ok).toBe(false);
    expect(events?.message).not.toBe('');
    expect(checks.find((check) => check.table === 'classicmodels.offices')?.ok).toBe(true);
  });
});
