import { PxmysqlError } from '../../src/errors.js';

/** Builds a permanent PxmysqlError whose Slack text is the catalog message `messageKey`. */
export function snapshotError(code: string, messageKey: string, message: string, messageParams: Record<string, string | number>): PxmysqlError {
  return new PxmysqlError(code, message, { kind: 'permanent', messageKey, messageParams });
}
