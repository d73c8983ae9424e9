import mysql from 'mysql2/promise';
import { PxmysqlError } from '../errors.js';
import type { Logger } from '../logging.js';

export type MysqlConnection = mysql.Connection;

/** Anything that runs a query: a connection, a pool or a pool connection. */
export type Queryable = Pick<mysql.Connection, 'query'>;

export interface MysqlConnectionOptions {
  host: string;
  port: number;
  user: string;
  password: string;
  database?: string;
  /** Limit for the TCP connection and the handshake, in milliseconds. */
  connectTimeoutMs: number;
}

/** Server error codes after which a retry with the same options cannot succeed. */
const PERMANENT_ERROR_CODES = new Set(['ER_ACCESS_DENIED_ERROR', 'ER_ACCESS_DENIED_NO_PASSWORD_ERROR', 'ER_DBACCESS_DENIED_ERROR', 'ER_BAD_DB_ERROR']);

/**
 * Opens one mysql2 connection. BIGINT and DECIMAL values come back as strings, so checksums and
 * counts are exact, and DATETIME values are read and written as UTC.
 *
 * Throws a PxmysqlError with code `mysql_connect_failed`: retryable for network errors and a
 * server that is starting, permanent for a rejected login or a missing database. Neither the
 * error nor the log line contains the password.
 */
export async function connectToMysql(options: MysqlConnectionOptions, logger?: Logger): Promise<MysqlConnection> {
  const endpoint = `${options.host}:${options.port}`;
  try {
    const connection = await mysql.createConnection({
      host: options.host,
      port: options.port,
      user: options.user,
      password: options.password,
      ...(options.database === undefined ? {} : { database: options.database }),
      connectTimeout: options.connectTimeoutMs,
      supportBigNumbers: true,
      bigNumberStrings: true,
      timezone: 'Z',
      multipleStatements: false,
    });
    logger?.debug({ host: options.host, port: options.port, user: options.user, database: options.database }, 'connected to MySQL');
    return connection;
  } catch (error) {
    const code = (error as { code?: string }).code;
    const permanent = code !== undefined && PERMANENT_ERROR_CODES.has(code);
    const message = `could not connect to MySQL at ${endpoint} as user ${JSON.stringify(options.user)}: ${describeConnectError(error)}`;
    throw new PxmysqlError('mysql_connect_failed', message, { kind: permanent ? 'permanent' : 'retryable', cause: error });
  }
}

/** Returns the error's message, or its code when the message is empty (as for some socket errors). */
export function describeConnectError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: string }).code;
  if (error.message) return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
  return code ?? error.name;
}
