import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { ConfigError } from '../../../src/errors.js';

const TARGETS_YAML = `
defaultTarget: orders-db
roles:
  users:
    U0ONCALL1: operator
  groups:
    S0DBAS001: approver
targets:
  orders-db:
    cluster: { kubeconfig: ./kubeconfig, context: lab }
    namespace: default
    deployment: mysql
    pvc: px-mysql-pvc
    service: mysql
    rootPasswordSecret: { name: mysql-root, key: password }
    channels: [C0LABOPS1]
`;

const BASE_ENV = {
  PXMYSQL_TARGETS_FILE: '/etc/pxmysql/targets.yaml',
  SLACK_BOT_TOKEN: 'xoxb-1-secret-bot-token',
  SLACK_SIGNING_SECRET: 'signing-secret-value',
};

function load(env: Record<string, string | undefined>, yaml = TARGETS_YAML) {
  return loadConfig({ env, readFile: () => yaml });
}

function configError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError, but loading succeeded');
}

describe('loadConfig', () => {
  it('parses env and targets into a frozen object', () => {
    const config = load(BASE_ENV);
    expect(config.slack.appToken).toBeUndefined();
    expect(config.redis.url).toBe('redis://127.0.0.1:6379');
    expect(config.locale).toBe('en');
    expect(config.defaultTarget).toBe('orders-db');
    const target = config.targets['orders-db'];
    expect(target?.portworx).toEqual({ namespace: 'kube-system', labelSelector: 'name=portworx' });
    expect(target?.cluster).toEqual({ kubeconfig: '/etc/pxmysql/kubeconfig', context: 'lab' });
    expect(config.roles.groups).toEqual({ S0DBAS001: 'approver' });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(target?.channels)).toBe(true);
  });

  it('names a bad variable, its value and the fix', () => {
    const message = configError(() => load({ ...BASE_ENV, REDIS_URL: 'http://cache:6379' }));
    expect(message).toContain('environment variable REDIS_URL');
    expect(message).toContain('"http://cache:6379"');
    expect(message).toContain('README.md');
  });

  it('never echoes a secret value', () => {
    const message = configError(() => load({ ...BASE_ENV, SLACK_BOT_TOKEN: 'xoxp-user-token-oops' }));
    expect(message).toContain('SLACK_BOT_TOKEN');
    expect(message).toContain('xoxb-');
    expect(message).not.toContain('xoxp-user-token-oops');
  });

  it('reports a missing required variable', () => {
    const message = configError(() => load({ SLACK_BOT_TOKEN: BASE_ENV.SLACK_BOT_TOKEN, SLACK_SIGNING_SECRET: 'long-enough' }));
    expect(message).toContain('PXMYSQL_TARGETS_FILE');
    expect(message).toContain('PXMYSQL_TARGETS_FILE: missing, and it is required');
    expect(message).not.toContain('received undefined');
  });

  it('names the file path and key of a bad target field', () => {
    const yaml = TARGETS_YAML.replace('deployment: mysql', 'deployment: My_SQL');
    const message = configError(() => load(BASE_ENV, yaml));
    expect(message).toContain('/etc/pxmysql/targets.yaml: targets.orders-db.deployment');
    expect(message).toContain('"My_SQL"');
    expect(message).toContain('Kubernetes name');
  });

  it('rejects an unknown key in a target', () => {
    const yaml = TARGETS_YAML.replace('namespace: default', 'namespace: default\n    namespce: typo');
    const message = configError(() => load(BASE_ENV, yaml));
    expect(message).toContain('targets.orders-db');
    expect(message).toContain('namespce');
  });

  it('rejects a default target that does not exist', () => {
    const message = configError(() => load(BASE_ENV, TARGETS_YAML.replace('defaultTarget: orders-db', 'defaultTarget: billing-db')));
    expect(message).toContain('defaultTarget');
    expect(message).toContain('billing-db');
  });

  it('reports YAML syntax errors with the path', () => {
    const message = configError(() => load(BASE_ENV, 'targets: [unclosed'));
    expect(message).toContain('/etc/pxmysql/targets.yaml is not valid YAML');
  });

  it('reports an unreadable targets file', () => {
    const message = configError(() =>
      loadConfig({
        env: BASE_ENV,
        readFile: () => {
          throw new Error('ENOENT: no such file or directory');
        },
      }),
    );
    expect(message).toContain('cannot read the targets file /etc/pxmysql/targets.yaml');
    expect(message).toContain('PXMYSQL_TARGETS_FILE');
  });

  it('rejects a role that does not exist', () => {
    const message = configError(() => load(BASE_ENV, TARGETS_YAML.replace('U0ONCALL1: operator', 'U0ONCALL1: superuser')));
    expect(message).toContain('roles.users.U0ONCALL1');
    expect(message).toContain('"superuser"');
  });
});
