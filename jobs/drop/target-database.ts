import type { RowDataPacket } from 'mysql2/promise';
import { deploymentLabelSelector } from '../../src/kube/deployment-pods.js';
import { connectToPodMysql, findServingPod } from '../../src/kube/pod-mysql.js';
import type { MysqlConnection, Queryable } from '../../src/mysql/connect.js';
import type { DropRuntime } from './drop-context.js';

/** Connects to MySQL in the target's Running, Ready pod. The caller closes the connection. */
export async function connectToTargetMysql(runtime: DropRuntime): Promise<MysqlConnection> {
  const { target, logger } = runtime.context;
  const labelSelector = await deploymentLabelSelector(runtime.apps, target.namespace, target.deployment);
  const pod = await findServingPod(runtime.core, target.namespace, labelSelector);
  return await connectToPodMysql(runtime.core, target, pod, {
    waitMs: runtime.settings.mysqlWaitMs,
    connectTimeoutMs: runtime.settings.mysqlConnectTimeoutMs,
    logger,
  });
}

/** Returns whether a database (schema) exists, compared as the server compares names. */
export async function databaseExists(connection: Queryable, database: string): Promise<boolean> {
  const [rows] = await connection.query<RowDataPacket[]>('SELECT SCHEMA_NAME FROM information_schema.SCHEMATA WHERE SCHEMA_NAME = ?', [database]);
  return rows.length > 0;
}

/** Counts the base tables of a database. */
export async function countTables(connection: Queryable, database: string): Promise<number> {
  const [rows] = await connection.query<RowDataPacket[]>(
    "SELECT COUNT(*) AS tableCount FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED')",
    [database],
  );
  return Number(rows[0]?.tableCount ?? 0);
}

/** One table of a database with its estimated row count. */
export interface TableRows {
  table: string;
  /** `information_schema.TABLES.TABLE_ROWS`: exact for MyISAM, an estimate for InnoDB. */
  estimatedRows: number;
}

/** Lists the base tables of a database with their estimated row counts, sorted by name. */
export async function listTableRows(connection: Queryable, database: string): Promise<TableRows[]> {
  const [rows] = await connection.query<RowDataPacket[]>(
    "SELECT TABLE_NAME AS tableName, TABLE_ROWS AS tableRows FROM information_schema.TABLES WHERE TABLE_SCHEMA = ? AND TABLE_TYPE IN ('BASE TABLE', 'SYSTEM VERSIONED') ORDER BY TABLE_NAME",
    [database],
  );
  return rows.map((row) => ({ table: String(row.tableName), estimatedRows: Number(row.tableRows ?? 0) }));
}
