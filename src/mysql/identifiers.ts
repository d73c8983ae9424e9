import { PxmysqlError } from '../errors.js';

/** Maximum length of a database or table name, in characters (MySQL 8.0 and MariaDB 10.11). */
export const MAX_IDENTIFIER_LENGTH = 64;

/** Schemas that belong to the server itself; fingerprints and `drop` leave them alone. */
export const SYSTEM_SCHEMAS: readonly string[] = ['mysql', 'information_schema', 'performance_schema', 'sys'];

/** The server matches these two names case-insensitively, whatever `lower_case_table_names` is. */
const CASE_INSENSITIVE_SCHEMAS = new Set(['information_schema', 'performance_schema']);

/** Checks whether `name` is one of `SYSTEM_SCHEMAS`, compared the way the server compares it on Linux. */
export function isSystemSchema(name: string): boolean {
  if (CASE_INSENSITIVE_SCHEMAS.has(name.toLowerCase())) return true;
  return name === 'mysql' || name === 'sys';
}

export type IdentifierKind = 'database' | 'table';

/**
 * Returns why `name` is not a valid database or table name, or undefined when it is valid.
 * The rules are the server's: not empty, at most 64 characters, no NUL, no characters outside
 * the Basic Multilingual Plane, and no trailing space.
 */
export function findIdentifierProblem(name: string): string | undefined {
  if (name.length === 0) return 'it is empty';
  const characters = [...name];
  if (characters.length > MAX_IDENTIFIER_LENGTH) return `it is ${characters.length} characters long, and the maximum is ${MAX_IDENTIFIER_LENGTH}`;
  if (name.includes('\u0000')) return 'it contains a NUL character';
  if (characters.some((character) => (character.codePointAt(0) ?? 0) > 0xffff)) return 'it contains a character outside the Basic Multilingual Plane';
  if (name.endsWith(' ')) return 'it ends with a space';
  return undefined;
}

/** Throws a user error naming the value and the rule unless `name` is a valid identifier. */
export function validateIdentifier(name: string, kind: IdentifierKind): string {
  const problem = findIdentifierProblem(name);
  if (problem !== undefined) {
    throw new PxmysqlError('invalid_identifier', `invalid ${kind} name ${JSON.stringify(name)}: ${problem}`, { kind: 'user' });
  }
  return name;
}

/** Validates `name` and quotes it with backticks, doubling any backtick inside it. */
export function quoteIdentifier(name: string, kind: IdentifierKind = 'database'): string {
  validateIdentifier(name, kind);
  return `\`${name.replaceAll('`', '``')}\``;
}

/** Quotes `database`.`table` for use in SQL text. */
export function quoteTableName(database: string, table: string): string {
  return `${quoteIdentifier(database, 'database')}.${quoteIdentifier(table, 'table')}`;
}
