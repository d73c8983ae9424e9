import { PxmysqlError } from '../errors.js';
import type { LockHolder } from './lock-types.js';

interface StoredHolder extends Omit<LockHolder, 'since'> {
  sinceMs: number;
}

/** Serializes a holder as the lock key's value. */
export function encodeHolder(holder: LockHolder): string {
  const { since, ...rest } = holder;
  const stored: StoredHolder = { ...rest, sinceMs: since.getTime() };
  return JSON.stringify(stored);
}

/** Parses a lock key's value. Throws `lock_corrupt` when it is not a holder. */
export function decodeHolder(value: string, key: string): LockHolder {
  let stored: Partial<StoredHolder>;
  try {
    stored = JSON.parse(value) as Partial<StoredHolder>;
  } catch (error) {
    throw new PxmysqlError('lock_corrupt', `lock ${key} in Redis does not contain JSON`, { cause: error });
  }
  if (typeof stored.jobId !== 'string' || typeof stored.operation !== 'string' || typeof stored.requestedBy !== 'string' || typeof stored.sinceMs !== 'number') {
    throw new PxmysqlError('lock_corrupt', `lock ${key} in Redis is missing jobId, operation, requestedBy or sinceMs`);
  }

  const { sinceMs, ...rest } = stored as StoredHolder;
  return { ...rest, since: new Date(sinceMs) };
}
