import type { RowDataPacket } from 'mysql2/promise';
import type { Queryable } from './connect.js';

/**
 * Schema of pxmysql's own sentinel rows. Fingerprints leave it out, because a failover
 * writes a new row on purpose and the data must still compare equal.
 */
export const SENTINEL_SCHEMA = 'pxmysql';
export const SENTINEL_TABLE = 'sentinel';

/** Maximum job id length: 191 characters keep the utf8mb4 primary key within 767 bytes. */
export const MAX_SENTINEL_JOB_ID_LENGTH = 191;
const MAX_NOTE_LENGTH = 255;

export interface SentinelRow {
  jobId: string;
  /** When the row was written, with millisecond precision (the column keeps microseconds). */
  writtenAt: Date;
  note: string | null;
}

export interface WriteSentinelOptions {
  jobId: string;
  at: Date;
  note?: string;
}

/**
 * Creates the `pxmysql`.`sentinel` table when missing and inserts or replaces the row of `jobId`.
 * The time is stored as UTC in a DATETIME(6) column. Reading the row back after a failover proves
 * that a write committed before the failover survived it.
 */
export async function writeSentinel(connection: Queryable, options: WriteSentinelOptions): Promise<void> {
  validateJobId(options.jobId);
  if (Number.isNaN(options.at.getTime())) throw new Error(`invalid sentinel time for job ${options.jobId}: the Date is invalid`);
  const note = options.note === undefined ? null : options.note.slice(0, MAX_NOTE_LENGTH);

  await connection.query(`CREATE DATABASE IF NOT EXISTS \`${SENTINEL_SCHEMA}\` CHARACTER SET utf8mb4`);
  await connection.query(
    `CREATE TABLE IF NOT EXISTS \`${SENTINEL_SCHEMA}\`.\`${SENTINEL_TABLE}\` (` +
      'job_id VARCHAR(191) NOT NULL PRIMARY KEY, ' +
      'written_at DATETIME(6) NOT NULL, ' +
      `note VARCHAR(${MAX_NOTE_LENGTH}) NULL` +
      ') ENGINE=InnoDB DEFAULT CHARSET=utf8mb4',
  );
  await connection.query(
    `INSERT INTO \`${SENTINEL_SCHEMA}\`.\`${SENTINEL_TABLE}\` (job_id, written_at, note) VALUES (?, ?, ?) ` +
      'ON DUPLICATE KEY UPDATE written_at = VALUES(written_at), note = VALUES(note)',
    [options.jobId, formatUtcDatetime(options.at), note],
  );
}

/** Reads the sentinel row of `jobId`, or returns undefined when the row, table or schema does not exist. */
export async function readSentinel(connection: Queryable, jobId: string): Promise<SentinelRow | undefined> {
  validateJobId(jobId);
  let rows: RowDataPacket[];
  try {
    [rows] = await connection.query<RowDataPacket[]>(
      `SELECT job_id AS jobId, DATE_FORMAT(written_at, '%Y-%m-%dT%H:%i:%s.%fZ') AS writtenAt, note FROM \`${SENTINEL_SCHEMA}\`.\`${SENTINEL_TABLE}\` WHERE job_id = ?`,
      [jobId],
    );
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'ER_NO_SUCH_TABLE' || code === 'ER_BAD_DB_ERROR') return undefined;
    throw error;
  }

  const row = rows[0];
  if (row === undefined) return undefined;
  return { jobId: String(row.jobId), writtenAt: parseUtcDatetime(String(row.writtenAt)), note: row.note === null ? null : String(row.note) };
}

function validateJobId(jobId: string): void {
  if (jobId.length === 0 || [...jobId].length > MAX_SENTINEL_JOB_ID_LENGTH) {
    throw new Error(`invalid sentinel job id ${JSON.stringify(jobId)}: it must be 1 to ${MAX_SENTINEL_JOB_ID_LENGTH} characters long`);
  }
}

/** Formats a Date as `YYYY-MM-DD HH:MM:SS.ffffff` in UTC, independent of the session time zone. */
function formatUtcDatetime(at: Date): string {
  return `${at.toISOString().slice(0, 23).replace('T', ' ')}000`;
}

/** Parses `YYYY-MM-DDTHH:MM:SS.ffffffZ`; JavaScript keeps the first three fraction digits. */
function parseUtcDatetime(text: string): Date {
  const parsed = new Date(text.replace(/\.(\d{3})\d*Z$/, '.$1Z'));
  if (Number.isNaN(parsed.getTime())) throw new Error(`unexpected sentinel time ${JSON.stringify(text)} from the server`);
  return parsed;
}
