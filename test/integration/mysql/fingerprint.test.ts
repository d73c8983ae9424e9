import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSampleDatabase } from '../../../src/lab/mysql-image/sample-database.js';
import { connectToMysql, type MysqlConnection } from '../../../src/mysql/connect.js';
import { takeFingerprint } from '../../../src/mysql/fingerprint.js';
import { compareFingerprints } from '../../../src/mysql/fingerprint-compare.js';
import { readSentinel, writeSentinel } from '../../../src/mysql/sentinel.js';
import { startTestMariadb, type TestMariadb } from '../../support/mariadb.js';

describe('fingerprint and sentinel on MariaDB', () => {
  let mariadb: TestMariadb;

  async function connect(): Promise<MysqlConnection> {
    return await connectToMysql({ host: mariadb.host, port: mariadb.port, user: 'root', password: '', connectTimeoutMs: 2_000 });
  }

  beforeAll(async () => {
    mariadb = await startTestMariadb();
    const connection = await connect();
    await loadSampleDatabase(connection);
    await connection.query('CREATE DATABASE `shop.v2`');
    await connection.query('CREATE TABLE `shop.v2`.`order``lines` (id BIGINT PRIMARY KEY, amount DECIMAL(10,2)) ENGINE=InnoDB');
    await connection.query('INSERT INTO `shop.v2`.`order``lines` VALUES (1, 9.99), (2, 19.50)');
    await connection.query('CREATE VIEW `shop.v2`.`big_lines` AS SELECT * FROM `shop.v2`.`order``lines` WHERE amount > 10');
    await connection.query('CREATE DATABASE empty_db');
    await connection.end();
  });

  afterAll(async () => {
    await mariadb?.stop();
  });

  it('reads counts and checksums of base tables', async () => {
    const connection = await connect();
    const fingerprint = await takeFingerprint(connection);
    await connection.end();

    expect(fingerprint.databases).toEqual(['classicmodels', 'empty_db', 'shop.v2']);
    expect(fingerprint.tables.map((table) => `${table.database}.${table.table}:${table.rowCount}`)).toEqual([
      'classicmodels.offices:7',
      'shop.v2.order`lines:2',
    ]);
    for (const table of fingerprint.tables) expect(table.checksum).toMatch(/^[1-9]\d*$/);
  });

  it('limits to the requested databases', async () => {
    const connection = await connect();
    const fingerprint = await takeFingerprint(connection, { databases: ['classicmodels', 'mysql', 'no_such_db'] });
    await connection.end();

    expect(fingerprint.databases).toEqual(['classicmodels']);
    expect(fingerprint.tables.map((table) => table.table)).toEqual(['offices']);
  });

  it('is equal after a crash and restart', async () => {
    const connection = await connect();
    const before = await takeFingerprint(connection);
    await connection.end();

    await mariadb.restart({ crash: true });
    const reconnected = await connect();
    const after = await takeFingerprint(reconnected);
    await reconnected.end();

    const comparison = compareFingerprints(before, after);
    expect(comparison.equal).toBe(true);
    expect(comparison.matching).toEqual(['classicmodels.offices', 'shop.v2.order`lines']);
  });

  it('names the table an UPDATE changed', async () => {
    const connection = await connect();
    const before = await takeFingerprint(connection);
    await connection.query("UPDATE classicmodels.offices SET phone = '+1 650 000 0000' WHERE officeCode = '1'");
    const after = await takeFingerprint(connection);
    await connection.end();

    const comparison = compareFingerprints(before, after);
    expect(comparison.equal).toBe(false);
    expect(comparison.differing.map((difference) => difference.table)).toEqual(['classicmodels.offices']);
    expect(comparison.differing[0]?.before.rowCount).toBe(7);
    expect(comparison.differing[0]?.after.rowCount).toBe(7);
    expect(comparison.differing[0]?.after.checksum).not.toBe(comparison.differing[0]?.before.checksum);
    expect(comparison.matching).toEqual(['shop.v2.order`lines']);
  });

  it('reports a dropped table as missing', async () => {
    const connection = await connect();
    const before = await takeFingerprint(connection);
    await connection.query('CREATE DATABASE scratch_copy');
    await connection.query('CREATE TABLE scratch_copy.offices AS SELECT * FROM classicmodels.offices');
    const middle = await takeFingerprint(connection);
    await connection.query('DROP DATABASE scratch_copy');
    await connection.end();

    const comparison = compareFingerprints(middle, before);
    expect(comparison.missing).toEqual(['scratch_copy.offices']);
    expect(comparison.missingDatabases).toEqual(['scratch_copy']);
    expect(comparison.equal).toBe(false);
  });

  it('round-trips a sentinel row', async () => {
    const connection = await connect();
    const at = new Date('2024-05-06T07:08:09.123Z');
    await writeSentinel(connection, { jobId: 'failover-42', at, note: 'before cordon' });
    const row = await readSentinel(connection, 'failover-42');
    await connection.end();

    expect(row).toEqual({ jobId: 'failover-42', writtenAt: at, note: 'before cordon' });
  });

  it('replaces the sentinel row of the same job', async () => {
    const connection = await connect();
    await writeSentinel(connection, { jobId: 'snapshot-7', at: new Date('2024-01-01T00:00:00.000Z') });
    await writeSentinel(connection, { jobId: 'snapshot-7', at: new Date('2024-02-02T12:34:56.789Z') });
    const row = await readSentinel(connection, 'snapshot-7');
    await connection.end();

    expect(row?.writtenAt.toISOString()).toBe('2024-02-02T12:34:56.789Z');
    expect(row?.note).toBeNull();
  });

  it('keeps the sentinel out of the fingerprint', async () => {
    const connection = await connect();
    const before = await takeFingerprint(connection);
    await writeSentinel(connection, { jobId: 'failover-43', at: new Date() });
    const after = await takeFingerprint(connection);
    await connection.end();

    expect(after.databases).not.toContain('pxmysql');
    expect(compareFingerprints(before, after).equal).toBe(true);
  });

  it('keeps the sentinel after a crash', async () => {
    const connection = await connect();
    await writeSentinel(connection, { jobId: 'failover-44', at: new Date('2024-03-03T03:03:03.003Z') });
    await connection.end();

    await mariadb.restart({ crash: true });
    const reconnected = await connect();
    const row = await readSentinel(reconnected, 'failover-44');
    await reconnected.end();

    expect(row?.writtenAt.toISOString()).toBe('2024-03-03T03:03:03.003Z');
  });

  it('reads no sentinel of an unknown job', async () => {
    const connection = await connect();
    const row = await readSentinel(connection, 'never-written');
    await connection.end();

    expect(row).toBeUndefined();
  });
});

describe('readSentinel before any write', () => {
  let mariadb: TestMariadb;

  beforeAll(async () => {
    mariadb = await startTestMariadb();
  });

  afterAll(async () => {
    await mariadb?.stop();
  });

  it('returns undefined without the schema', async () => {
    const connection = await mariadb.connect();
    const row = await readSentinel(connection, 'failover-1');
    await connection.end();

    expect(row).toBeUndefined();
  });
});
