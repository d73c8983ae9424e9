import { describe, expect, it } from 'vitest';
import { dropSecretParams } from '../../../src/audit/drop-secrets.js';

describe('dropSecretParams', () => {
  it.each(['password', 'rootPassword', 'MYSQL_ROOT_PASSWORD', 'passwd', 'passphrase', 'token', 'botToken', 'signingSecret', 'client_secret', 'credentials', 'apiKey', 'api-key', 'privateKey', 'authorization', 'cookie'])(
    'drops %s',
    (key) => {
      expect(dropSecretParams({ [key]: 'value', target: 'orders-db' })).toEqual({ target: 'orders-db' });
    },
  );

  it('keeps ordinary keys', () => {
    const params = { force: true, keepCordoned: false, sizeGi: 20, snapshot: 'snap-1', passive: 'yes' };
    expect(dropSecretParams(params)).toEqual(params);
  });

  it('drops nested secrets in objects and arrays', () => {
    const params = { secret: { data: 'x' }, users: [{ name: 'app', password: 'p' }, 'plain'], db: { connection: { host: 'h', token: 't' } } };
    expect(dropSecretParams(params)).toEqual({ users: [{ name: 'app' }, 'plain'], db: { connection: { host: 'h' } } });
  });

  it('leaves the input unchanged', () => {
    const params = { password: 'p', keep: { token: 't' } };
    dropSecretParams(params);
    expect(params).toEqual({ password: 'p', keep: { token: 't' } });
  });
});
