import type { RowDataPacket } from 'mysql2/promise';
import type { Queryable } from './connect.js';
import { isSystemSchema, quoteTableName, validateIdentifier } from './identifiers.js';
import { SENTINEL_SCHEMA } from './sentinel.js';

/** Row count and `CHECKSUM TABLE` value of one base table. */
export interface TableFingerprint {
  database: string;
  table: string;
  rowCount: number;
  /** Decimal string, or null when the storage engine returns no checksum. */
  checksum: string | null;
}

/**
 * Per-table row counts and checksums of some databases, sorted by database and table. Plain JSON,
 * so it can be stored in job data or in an annotation.
 */
export interface Fingerprint {
  /** The databases that existed and were read, sorted. */
  databases: string[];
  tables: TableFingerprint[];
}

export interface TakeFingerprintOptions {
  /** Databases to read. Default: every database except the system schemas and `pxmysql`. */
  databases?: string[];
}

/** Table types that hold rows: MariaDB reports system-versioned tables under their own type. */
const BASE_TABLE_TYPES = ['BASE TABLE', 'SYSTEM VERSIONED'];

/**
 * Reads the row count (`SELECT COUNT(*)`) and `CHECKSUM TABLE` value of every base table in the
 * chosen databases. Views and sequences are left out. The system schemas and the `pxmysql` schema
 * are always left out: the server changes the first on its own, and the sentinel row in the second
 * changes on purpose during a failover. A requested database that does not exist is left out of
 * `databases`, so comparing with an earlier fingerprint reports it as missing.
 *
 * NOTE: each table is read in its own statement, so a fingerprint taken while clients write is not
 * a consistent picture. Callers stop writes first (for example with FLUSH TABLES WITH READ LOCK).
 */
export async function takeFingerprint(connection: Queryable, options: TakeFingerprintOptions = {}): Promise<Fingerprint> {
  const requested = options.databases ?? (await listDatabases(connection));
  for (const database of requested) validateIdentifier(database, 'database');
  const wanted = new Set(requested.filter((database) => !isExcludedSchema(database)));

  const existing = (await listDatabases(connection)).filter((database) => wanted.has(database));
  const databases = sortStrings(existing);
  if (databases.length === 0) return { databases, tables: [] };

  const [rows] = await connection.query<RowDataPacket[]>(
    'SELECT TABLE_SCHEMA AS databaseName, TABLE_NAME AS tableName FROM information_schema.TABLES WHERE TABLE_SCHEMA IN (?) AND TABLE_TYPE IN (?)',
    [databases, BASE_TABLE_TYPES],
  );
  const names = rows.map((row) => ({ database: String(row.databaseName), table: String(row.tableName) }));
  names.sort((left, right) => compareStrings(left.database, right.database) || compareStrings(left.table, right.table));

  const tables: TableFingerprint[] = [];
  for (const { database, table } of names) {
    tables.push(await fingerprintTable(connection, database, table));
  }
  return { databases, tables };
}

async function fingerprintTable(connection: Queryable, database: string, table: string): Promise<TableFingerprint> {
  const quoted = quoteTableName(database, table);
  const [countRows] = await connection.query<RowDataPacket[]>({ sql: `SELECT COUNT(*) AS rowCount FROM ${quoted}`, supportBigNumbers: true, bigNumberStrings: true });
  const [checksumRows] = await connection.query<RowDataPacket[]>({ sql: `CHECKSUM TABLE ${quoted}`, supportBigNumbers: true, bigNumberStrings: true });
  const checksum: unknown = checksumRows[0]?.Checksum;
  return {
    database,
    table,
    rowCount: Number(countRows[0]?.rowCount ?? 0),
    checksum: checksum === null || checksum === undefined ? null : String(checksum),
  };
}

async function listDatabases(connection: Queryable): Promise<string[]> {
  const [rows] = await connection.query<RowDataPacket[]>('SELECT SCHEMA_NAME AS databaseName FROM information_schema.SCHEMATA');
  return rows.map((row) => String(row.databaseName));
}

function isExcludedSchema(database: string): boolean {
  return isSystemSchema(database) || database === SENTINEL_SCHEMA;
}

/** Orders by UTF-16 code units, so the order never depends on the locale. */
function compareStrings(left: string, right: string): number {
  if (left < right) return -1;
  return left > right ? 1 : 0;
}

function sortStrings(values: string[]): string[] {
  return [...values].sort(compareStrings);
}
