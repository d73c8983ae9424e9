import type { RowDataPacket } from 'mysql2/promise';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadSampleDatabase } from '../../../src/lab/mysql-image/sample-database.js';
import { startTestMariadb, type TestMariadb } from '../../support/mariadb.js';

describe('loadSampleDatabase', () => {
  let mariadb: TestMariadb;

  beforeAll(async () => {
    mariadb = await startTestMariadb();
    const connection = await mariadb.connect();
    await loadSampleDatabase(connection);
    await connection.end();
  });

  afterAll(async () => {
    await mariadb?.stop();
  });

  it('creates 7 offices', async () => {
    const connection = await mariadb.connect('classicmodels');
    const [rows] = await connection.query<RowDataPacket[]>('SELECT officeCode, city FROM offices ORDER BY officeCode');
    await connection.end();

    expect(rows.map((row) => row.city)).toEqual(['San Francisco', 'Boston', 'NYC', 'Paris', 'Tokyo', 'Sydney', 'London']);
  });

  it('answers the runbook query with 3 USA offices', async () => {
    const connection = await mariadb.connect('classicmodels');
    const [rows] = await connection.query<RowDataPacket[]>('select officeCode, city, phone from offices where country = "USA"');
    await connection.end();

    expect(rows.map((row) => ({ ...row }))).toEqual([
      { officeCode: '1', city: 'San Francisco', phone: '+1 650 219 4782' },
      { officeCode: '2', city: 'Boston', phone: '+1 215 837 0825' },
      { officeCode: '3', city: 'NYC', phone: '+1 212 555 3000' },
    ]);
  });

  it('keeps quotes and NULLs of the Paris row', async () => {
    const connection = await mariadb.connect('classicmodels');
    const [rows] = await connection.query<RowDataPacket[]>("SELECT addressLine1, addressLine2, state, postalCode FROM offices WHERE officeCode = '4'");
    await connection.end();

    expect({ ...rows[0] }).toEqual({ addressLine1: "43 Rue Jouffroy D'abbans", addressLine2: null, state: null, postalCode: '75017' });
  });

  it('uses latin1 and InnoDB', async () => {
    const connection = await mariadb.connect();
    const [rows] = await connection.query<RowDataPacket[]>(
      "SELECT ENGINE AS engine, TABLE_COLLATION AS collation FROM information_schema.TABLES WHERE TABLE_SCHEMA = 'classicmodels' AND TABLE_NAME = 'offices'",
    );
    await connection.end();

    expect(rows[0]?.engine).toBe('InnoDB');
    expect(String(rows[0]?.collation)).toMatch(/^latin1_/);
  });

  it('rejects a second load', async () => {
    const connection = await mariadb.connect();

    await expect(loadSampleDatabase(connection)).rejects.toThrow(/database exists/);
    await connection.end();
  });
});
