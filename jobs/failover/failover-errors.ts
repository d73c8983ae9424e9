import { catalogError } from '../../src/runtime/operation-errors.js';
import { PxmysqlError, type ErrorKind } from '../../src/errors.js';

/**
 * Builds the error of a failover that stops: the message is the catalog text in English (plain,
 * unescaped), and the key and parameters let a reply render it in the requester's locale.
 */
export function failoverError(code: string, key: string, params: Record<string, string | number>, kind: ErrorKind = 'user'): PxmysqlError {
  return catalogError(code, key, params, kind);
}
