import { PxmysqlError } from '../errors.js';

export const AUDIT_ENTRY_TYPES = ['request', 'refusal', 'decision', 'job-start', 'job-end', 'break-glass', 'cancel'] as const;

export type AuditEntryType = (typeof AUDIT_ENTRY_TYPES)[number];

/** One event in the audit stream. Ids are Slack user ids, approval ids and BullMQ job ids. */
export interface AuditEntry {
  type: AuditEntryType;
  /** Slack user id of the person who acted. */
  user?: string;
  target?: string;
  operation?: string;
  approvalId?: string;
  jobId?: string;
  outcome?: string;
  reason?: string;
  /** Operation parameters. Keys named like secrets are dropped before writing. */
  params?: Record<string, unknown>;
}

/** An entry read back from the stream, with its stream id and the time it was recorded. */
export interface RecordedAuditEntry extends AuditEntry {
  /** Redis stream id, `<ms>-<seq>`. */
  id: string;
  at: Date;
}

const TEXT_FIELDS = ['user', 'target', 'operation', 'approvalId', 'jobId', 'outcome', 'reason'] as const;

/** Flattens an entry into the `field, value, …` list that XADD takes, with params as one JSON field. */
export function toStreamFields(entry: AuditEntry, at: Date): string[] {
  const fields = ['type', entry.type, 'at', at.toISOString()];
  for (const name of TEXT_FIELDS) {
    const value = entry[name];
    if (value !== undefined) fields.push(name, value);
  }
  if (entry.params !== undefined) fields.push('params', JSON.stringify(entry.params));
  return fields;
}

/** Parses one XRANGE/XREVRANGE item. Throws `audit_corrupt` when `type` or `at` is missing. */
export function fromStreamFields(id: string, fields: readonly string[]): RecordedAuditEntry {
  const values = new Map<string, string>();
  for (let index = 0; index + 1 < fields.length; index += 2) values.set(fields[index] as string, fields[index + 1] as string);

  const type = values.get('type');
  const at = values.get('at');
  if (type === undefined || at === undefined) throw new PxmysqlError('audit_corrupt', `audit entry ${id} is missing its type or at field`);

  const entry: RecordedAuditEntry = { id, type: type as AuditEntryType, at: new Date(at) };
  for (const name of TEXT_FIELDS) {
    const value = values.get(name);
    if (value !== undefined) entry[name] = value;
  }
  const params = values.get('params');
  if (params !== undefined) entry.params = JSON.parse(params) as Record<string, unknown>;
  return entry;
}
