import { describe, expect, it } from 'vitest';
import { isPxmysqlError } from '../../../src/errors.js';
import { findIdentifierProblem, isSystemSchema, quoteIdentifier, quoteTableName, validateIdentifier } from '../../../src/mysql/identifiers.js';

describe('findIdentifierProblem', () => {
  const cases: Array<{ name: string; problem: RegExp | undefined }> = [
    { name: 'orders', problem: undefined },
    { name: 'orders_db', problem: undefined },
    { name: 'shop.v2', problem: undefined },
    { name: 'order`lines', problem: undefined },
    { name: ' leading space', problem: undefined },
    { name: 'Zürich-Büro', problem: undefined },
    { name: 'x'.repeat(64), problem: undefined },
    { name: 'é'.repeat(64), problem: undefined },
    { name: '', problem: /empty/ },
    { name: 'x'.repeat(65), problem: /65 characters long.*maximum is 64/ },
    { name: 'nul\u0000byte', problem: /NUL/ },
    { name: 'trailing ', problem: /ends with a space/ },
    { name: 'emoji😀', problem: /Basic Multilingual Plane/ },
  ];

  for (const { name, problem } of cases) {
    it(`checks ${JSON.stringify(name.length > 20 ? `${name.slice(0, 8)}…(${name.length})` : name)}`, () => {
      const found = findIdentifierProblem(name);
      if (problem === undefined) expect(found).toBeUndefined();
      else expect(found).toMatch(problem);
    });
  }
});

describe('validateIdentifier', () => {
  it('returns a valid name', () => {
    expect(validateIdentifier('orders', 'table')).toBe('orders');
  });

  it('throws a user error naming the value', () => {
    let caught: unknown;
    try {
      validateIdentifier('bad ', 'database');
    } catch (error) {
      caught = error;
    }

    expect(isPxmysqlError(caught)).toBe(true);
    expect((caught as Error).message).toBe('invalid database name "bad ": it ends with a space');
    expect((caught as { kind: string }).kind).toBe('user');
  });
});

describe('quoteIdentifier', () => {
  it('wraps a name in backticks', () => {
    expect(quoteIdentifier('orders')).toBe('`orders`');
  });

  it('doubles inner backticks', () => {
    expect(quoteIdentifier('a`b``c')).toBe('`a``b````c`');
  });

  it('rejects an invalid name', () => {
    expect(() => quoteIdentifier('')).toThrow(/invalid database name "": it is empty/);
  });

  it('quotes a qualified table name', () => {
    expect(quoteTableName('shop.v2', 'order`lines')).toBe('`shop.v2`.`order``lines`');
  });
});

describe('isSystemSchema', () => {
  const cases: Array<[string, boolean]> = [
    ['mysql', true],
    ['information_schema', true],
    ['INFORMATION_SCHEMA', true],
    ['performance_schema', true],
    ['Performance_Schema', true],
    ['sys', true],
    ['MYSQL', false],
    ['Sys', false],
    ['classicmodels', false],
    ['pxmysql', false],
  ];

  for (const [name, expected] of cases) {
    it(`classifies ${name}`, () => {
      expect(isSystemSchema(name)).toBe(expected);
    });
  }
});
