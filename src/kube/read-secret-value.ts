import type { CoreV1Api } from '@kubernetes/client-node';
import { PxmysqlError } from '../errors.js';
import { toKubeError } from './kube-errors.js';

/**
 * Reads one key of a Secret and decodes it from base64. Neither the value nor the Secret's data
 * appears in errors. Throws `secret_key_missing` when the Secret has no such key.
 */
export async function readSecretValue(
  core: Pick<CoreV1Api, 'readNamespacedSecret'>,
  namespace: string,
  name: string,
  key: string,
): Promise<string> {
  const secret = await core
    .readNamespacedSecret({ name, namespace })
    .catch((error: unknown) => Promise.reject(toKubeError(error, `Secret ${namespace}/${name}`)));
  const encoded = secret.data?.[key];
  if (encoded === undefined) {
    throw new PxmysqlError('secret_key_missing', `Secret ${namespace}/${name} has no key "${key}"`, { kind: 'user' });
  }
  return Buffer.from(encoded, 'base64').toString('utf8');
}
