import { describe, expect, it } from 'vitest';
import type { Fingerprint, TableFingerprint } from '../../../src/mysql/fingerprint.js';
import { compareFingerprints } from '../../../src/mysql/fingerprint-compare.js';

function table(database: string, name: string, rowCount: number, checksum: string | null): TableFingerprint {
  return { database, table: name, rowCount, checksum };
}

const base: Fingerprint = {
  databases: ['shop'],
  tables: [table('shop', 'orders', 10, '111'), table('shop', 'customers', 3, '222')],
};

describe('compareFingerprints', () => {
  it('finds identical fingerprints equal', () => {
    const result = compareFingerprints(base, structuredClone(base));

    expect(result).toEqual({
      equal: true,
      matching: ['shop.orders', 'shop.customers'],
      differing: [],
      missing: [],
      extra: [],
      missingDatabases: [],
      extraDatabases: [],
    });
  });

  it('names a table with another checksum', () => {
    const after: Fingerprint = { databases: ['shop'], tables: [table('shop', 'orders', 10, '999'), table('shop', 'customers', 3, '222')] };

    const result = compareFingerprints(base, after);

    expect(result.equal).toBe(false);
    expect(result.differing).toEqual([{ table: 'shop.orders', before: base.tables[0], after: after.tables[0] }]);
    expect(result.matching).toEqual(['shop.customers']);
  });

  it('names a table with another row count', () => {
    const after: Fingerprint = { databases: ['shop'], tables: [table('shop', 'orders', 11, '111'), table('shop', 'customers', 3, '222')] };

    expect(compareFingerprints(base, after).differing.map((difference) => difference.table)).toEqual(['shop.orders']);
  });

  it('treats a lost checksum as a difference', () => {
    const after: Fingerprint = { databases: ['shop'], tables: [table('shop', 'orders', 10, null), table('shop', 'customers', 3, '222')] };

    expect(compareFingerprints(base, after).equal).toBe(false);
  });

  it('reports missing and extra tables', () => {
    const after: Fingerprint = { databases: ['shop'], tables: [table('shop', 'orders', 10, '111'), table('shop', 'invoices', 0, '0')] };

    const result = compareFingerprints(base, after);

    expect(result.missing).toEqual(['shop.customers']);
    expect(result.extra).toEqual(['shop.invoices']);
    expect(result.equal).toBe(false);
  });

  it('reports a missing empty database', () => {
    const before: Fingerprint = { databases: ['empty', 'shop'], tables: base.tables };

    const result = compareFingerprints(before, base);

    expect(result.missingDatabases).toEqual(['empty']);
    expect(result.extraDatabases).toEqual([]);
    expect(result.equal).toBe(false);
  });

  it('keeps dotted names apart', () => {
    const before: Fingerprint = { databases: ['a', 'a.b'], tables: [table('a.b', 'c', 1, '1')] };
    const after: Fingerprint = { databases: ['a', 'a.b'], tables: [table('a', 'b.c', 1, '1')] };

    const result = compareFingerprints(before, after);

    expect(result.matching).toEqual([]);
    expect(result.missing).toEqual(['a.b.c']);
    expect(result.extra).toEqual(['a.b.c']);
  });
});
