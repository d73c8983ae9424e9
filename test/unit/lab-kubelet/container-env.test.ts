import { describe, expect, it } from 'vitest';
import { ObjectStore } from '../../../src/lab/apiserver/object-store.js';
import { ContainerConfigError, resolveContainerEnv } from '../../../src/lab/kubelet/container-env.js';

function storeWithObjects(): ObjectStore {
  const store = new ObjectStore();
  store.create('namespaces', { metadata: { name: 'default' } });
  store.create('secrets', { metadata: { name: 'mysql-root', namespace: 'default' }, data: { password: Buffer.from('s3cret').toString('base64') } });
  store.create('configmaps', { metadata: { name: 'settings', namespace: 'default' }, data: { database: 'shop', user: 'app' } });
  return store;
}

const pod = { metadata: { name: 'mysql-0', namespace: 'default', uid: 'u-1' }, spec: { nodeName: 'node-a' }, status: { podIP: '127.0.20.9' } };

describe('resolveContainerEnv', () => {
  it('resolves value, Secret and ConfigMap references', () => {
    const env = resolveContainerEnv(storeWithObjects(), pod, {
      env: [
        { name: 'MYSQL_ROOT_PASSWORD', valueFrom: { secretKeyRef: { name: 'mysql-root', key: 'password' } } },
        { name: 'MYSQL_DATABASE', valueFrom: { configMapKeyRef: { name: 'settings', key: 'database' } } },
        { name: 'GREETING', value: 'hello' },
      ],
    });
    expect(env).toEqual({ MYSQL_ROOT_PASSWORD: 's3cret', MYSQL_DATABASE: 'shop', GREETING: 'hello' });
  });

  it('reads envFrom with a prefix', () => {
    const env = resolveContainerEnv(storeWithObjects(), pod, { envFrom: [{ configMapRef: { name: 'settings' }, prefix: 'APP_' }] });
    expect(env).toEqual({ APP_database: 'shop', APP_user: 'app' });
  });

  it('expands earlier variables', () => {
    const env = resolveContainerEnv(storeWithObjects(), pod, {
      env: [
        { name: 'USER', value: 'app' },
        { name: 'DSN', value: '$(USER)@$(HOST) costs $$(USER)' },
      ],
    });
    expect(env.DSN).toBe('app@$(HOST) costs $(USER)');
  });

  it('reads pod fields', () => {
    const env = resolveContainerEnv(storeWithObjects(), pod, { env: [{ name: 'POD_IP', valueFrom: { fieldRef: { fieldPath: 'status.podIP' } } }] });
    expect(env.POD_IP).toBe('127.0.20.9');
  });

  it('missing Secret throws', () => {
    const container = { env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'absent', key: 'password' } } }] };
    expect(() => resolveContainerEnv(storeWithObjects(), pod, container)).toThrow(ContainerConfigError);
    expect(() => resolveContainerEnv(storeWithObjects(), pod, container)).toThrow('secret "absent" not found');
  });

  it('missing key throws', () => {
    const container = { env: [{ name: 'P', valueFrom: { configMapKeyRef: { name: 'settings', key: 'port' } } }] };
    expect(() => resolveContainerEnv(storeWithObjects(), pod, container)).toThrow("couldn't find key port in ConfigMap default/settings");
  });

  it('optional missing reference is skipped', () => {
    const container = { env: [{ name: 'P', valueFrom: { secretKeyRef: { name: 'absent', key: 'password', optional: true } } }] };
    expect(resolveContainerEnv(storeWithObjects(), pod, container)).toEqual({});
  });
});
