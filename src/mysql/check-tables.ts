import type { RowDataPacket } from 'mysql2/promise';
import type { Queryable } from './connect.js';
import { isSystemSchema, quoteTableName } from './identifiers.js';
import { SENTINEL_SCHEMA } from './sentinel.js';

/** Result of `CHECK TABLE` on one table. */
export interface TableCheck {
  /** `database.table` */
  table: string;
  ok: boolean;
  /** The server's error rows and final status, joined with "; ", for a failed check. Empty when ok. */
  message: string;
}

/** One row of `CHECK TABLE` output, keyed by column name. Only `Msg_type` and `Msg_text` are read. */
export type CheckTableRow = Readonly<Record<string, unknown>>;

/** Status texts of a sound table: `OK`, or `Table is already up to date` for a table that was checked before and has not changed since. */
const OK_STATUSES = new Set(['OK', 'Table is already up to date']);

/**
 * Interprets the output rows of `CHECK TABLE` for one table. The check failed when any row has
 * Msg_type `error`, or when the `status` row's text is not OK. An engine that cannot check returns
 * only a `note`, which counts as passed because the server found nothing wrong.
 */
export function interpretCheckRows(table: string, rows: readonly CheckTableRow[]): TableCheck {
  const problems: string[] = [];
  for (const row of rows) {
    const type = String(row['Msg_type'] ?? '').toLowerCase();
    const text = String(row['Msg_text'] ?? '');
    if (type === 'error') problems.push(text);
    else if (type === 'status' && !OK_STATUSES.has(text)) problems.push(text);
  }
  return { table, ok: problems.length === 0, message: problems.join('; ') };
}

/**
 * Runs `CHECK TABLE` on every base table of every user database: all databases except the system
 * schemas and the `pxmysql` schema. Tables are checked one statement at a time, in database and
 * table order.
 */
export async function checkUserTables(connection: Queryable): Promise<TableCheck[]> {
  const [rows] = await connection.query<RowDataPacket[]>(
    "SELECT TABLE_SCHEMA AS databaseName, TABLE_NAME AS tableName FROM information_schema.TABLES WHERE TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED') ORDER BY TABLE_SCHEMA, TABLE_NAME",
  );
  const tables = rows
    .map((row) => ({ database: String(row.databaseName), table: String(row.tableName) }))
    .filter(({ database }) => !isSystemSchema(database) && database !== SENTINEL_SCHEMA);

  const checks: TableCheck[] = [];
  for (const { database, table } of tables) {
    const [checkRows] = await connection.query<RowDataPacket[]>(`CHECK TABLE ${quoteTableName(database, table)}`);
    checks.push(interpretCheckRows(`${database}.${table}`, checkRows));
  }
  return checks;
}
