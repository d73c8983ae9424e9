import { PxmysqlError, type ErrorKind } from '../../src/errors.js';
import { translate } from '../../src/slack/i18n/translate.js';

/**
 * Builds the error of a failover that stops: the message is the catalog text in English (plain,
 * unescaped), and the key and parameters let a reply render it in the requester's locale.
 */
export function failoverError(code: string, key: string, params: Record<string, string | number>, kind: ErrorKind = 'user'): PxmysqlError {
  return new PxmysqlError(code, translate('en', key, params), { kind, messageKey: key, messageParams: params });
}
