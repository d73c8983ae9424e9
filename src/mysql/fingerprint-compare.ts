import type { Fingerprint, TableFingerprint } from './fingerprint.js';

export interface FingerprintDifference {
  /** `database.table` */
  table: string;
  before: TableFingerprint;
  after: TableFingerprint;
}

export interface FingerprintComparison {
  /** True when nothing differs, is missing or is extra. */
  equal: boolean;
  /** Tables (`database.table`) with the same row count and checksum. */
  matching: string[];
  differing: FingerprintDifference[];
  /** Tables in `before` but not in `after`. */
  missing: string[];
  /** Tables in `after` but not in `before`. */
  extra: string[];
  /** Databases in `before` but not in `after`, reported even when they held no tables. */
  missingDatabases: string[];
  extraDatabases: string[];
}

/**
 * Compares two fingerprints table by table. Tables are matched by database and table name, and
 * named `database.table` in the result.
 */
export function compareFingerprints(before: Fingerprint, after: Fingerprint): FingerprintComparison {
  const afterByKey = new Map(after.tables.map((table) => [tableKey(table), table]));
  const beforeKeys = new Set(before.tables.map(tableKey));

  const matching: string[] = [];
  const differing: FingerprintDifference[] = [];
  const missing: string[] = [];
  for (const table of before.tables) {
    const counterpart = afterByKey.get(tableKey(table));
    if (counterpart === undefined) missing.push(displayName(table));
    else if (counterpart.rowCount === table.rowCount && counterpart.checksum === table.checksum) matching.push(displayName(table));
    else differing.push({ table: displayName(table), before: table, after: counterpart });
  }
  const extra = after.tables.filter((table) => !beforeKeys.has(tableKey(table))).map(displayName);

  const afterDatabases = new Set(after.databases);
  const beforeDatabases = new Set(before.databases);
  const missingDatabases = before.databases.filter((database) => !afterDatabases.has(database));
  const extraDatabases = after.databases.filter((database) => !beforeDatabases.has(database));

  const equal = differing.length === 0 && missing.length === 0 && extra.length === 0 && missingDatabases.length === 0 && extraDatabases.length === 0;
  return { equal, matching, differing, missing, extra, missingDatabases, extraDatabases };
}

/** Key of a table: JSON of the two names, so `a.b`+`c` and `a`+`b.c` get different keys. */
function tableKey(table: TableFingerprint): string {
  return JSON.stringify([table.database, table.table]);
}

function displayName(table: TableFingerprint): string {
  return `${table.database}.${table.table}`;
}
