import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { ConfigError } from '../../../src/errors.js';

const ENV = {
  PXMYSQL_TARGETS_FILE: '/etc/pxmysql/targets.yaml',
  SLACK_BOT_TOKEN: 'xoxb-1-secret-bot-token',
  SLACK_SIGNING_SECRET: 'signing-secret-value',
};

function targetYaml(name: string, extra = ''): string {
  return `
  ${name}:
    cluster: { kubeconfig: ./kubeconfig }
    deployment: mysql
    pvc: px-mysql-pvc
    service: mysql
    rootPasswordSecret: { name: mysql-root, key: password }${extra}`;
}

function load(yaml: string) {
  return loadConfig({ env: ENV, readFile: () => yaml });
}

describe('onCall in the targets file', () => {
  it('defaults to nobody', () => {
    const config = load(`targets:${targetYaml('orders-db')}\n`);
    expect(config.targets['orders-db']?.onCall).toEqual({ users: [], groups: [] });
  });

  it('applies the top-level list', () => {
    const config = load(`onCall:\n  users: [U0ONCALL1]\n  groups: [S0DBAS001]\ntargets:${targetYaml('orders-db')}\n`);
    expect(config.targets['orders-db']?.onCall).toEqual({ users: ['U0ONCALL1'], groups: ['S0DBAS001'] });
  });

  it('lets a target replace it', () => {
    const own = '\n    onCall: { groups: [S0BILLING] }';
    const config = load(`onCall:\n  users: [U0ONCALL1]\ntargets:${targetYaml('orders-db')}${targetYaml('billing-db', own)}\n`);
    expect(config.targets['orders-db']?.onCall).toEqual({ users: ['U0ONCALL1'], groups: [] });
    expect(config.targets['billing-db']?.onCall).toEqual({ users: [], groups: ['S0BILLING'] });
  });

  it('rejects ids of the wrong shape', () => {
    let message = '';
    try {
      load(`onCall:\n  users: ['@oncall']\n  groups: [U0ONCALL1]\ntargets:${targetYaml('orders-db')}\n`);
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toContain('onCall.users.0');
    expect(message).toContain('must be a Slack user id');
    expect(message).toContain('onCall.groups.0');
    expect(message).toContain('must be a Slack user group id');
  });
});
