import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/config/load-config.js';
import { ConfigError } from '../../../src/errors.js';
import { declaredScheduleSpecs } from '../../../src/schedules/declared-schedules.js';

const NOW = new Date(Date.UTC(2026, 11, 4, 12, 0, 0));

const ENV = {
  PXMYSQL_TARGETS_FILE: '/etc/pxmysql/targets.yaml',
  SLACK_BOT_TOKEN: 'xoxb-1-secret-bot-token',
  SLACK_SIGNING_SECRET: 'signing-secret-value',
};

function targetsYaml(schedules: string, channels = '[C0LABOPS1]'): string {
  return `
targets:
  orders-db:
    cluster: { kubeconfig: ./kubeconfig }
    deployment: mysql
    pvc: px-mysql-pvc
    service: mysql
    rootPasswordSecret: { name: mysql-root, key: password }
    channels: ${channels}
    schedules:
${schedules}
`;
}

function specsOf(schedules: string, env: Record<string, string> = {}, channels?: string) {
  const config = loadConfig({ env: { ...ENV, ...env }, readFile: () => targetsYaml(schedules, channels) });
  return declaredScheduleSpecs(config, NOW);
}

function configError(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return (error as Error).message;
  }
  throw new Error('expected a ConfigError');
}

describe('declaredScheduleSpecs', () => {
  it('builds the same id a command would', () => {
    const [spec] = specsOf('      - { kind: snapshot, cron: "0 */6 * * *", timezone: Asia/Shanghai, keep: 4 }');
    expect(spec).toMatchObject({
      id: 'snapshot-orders-db',
      kind: 'snapshot',
      cron: '0 */6 * * *',
      timezone: 'Asia/Shanghai',
      keep: 4,
      channel: 'C0LABOPS1',
      source: 'targets-file',
      createdBy: 'targets-file',
    });
  });

  it('defaults keep and the time zone', () => {
    const [spec] = specsOf('      - { kind: snapshot, cron: "0 3 * * *", channel: C0OTHER01 }');
    expect(spec).toMatchObject({ keep: 7, timezone: 'UTC', channel: 'C0OTHER01' });
  });

  it('builds a drill without keep', () => {
    const [spec] = specsOf('      - { kind: drill, cron: "0 4 * * 0" }');
    expect(spec).toMatchObject({ id: 'drill-orders-db', keep: undefined });
  });

  it('rejects an interval below the configured minimum', () => {
    const message = configError(() => specsOf('      - { kind: snapshot, cron: "*/2 * * * *" }'));
    expect(message).toContain('targets.orders-db.schedules[0]');
    expect(message).toContain('the minimum is 300 s');
  });

  it('follows a lower configured minimum', () => {
    expect(specsOf('      - { kind: snapshot, cron: "*/2 * * * *" }', { PXMYSQL_SCHEDULE_MIN_INTERVAL_SECONDS: '60' })).toHaveLength(1);
  });

  it('rejects keep on a drill', () => {
    expect(configError(() => specsOf('      - { kind: drill, cron: "0 4 * * 0", keep: 2 }'))).toContain('schedules[0].keep');
  });

  it('rejects two schedules of one kind', () => {
    const message = configError(() => specsOf('      - { kind: snapshot, cron: "0 3 * * *" }\n      - { kind: snapshot, cron: "0 5 * * *" }'));
    expect(message).toContain('schedules[1].kind');
  });

  it('rejects a schedule without a channel', () => {
    expect(configError(() => specsOf('      - { kind: snapshot, cron: "0 3 * * *" }', {}, '[]'))).toContain('schedules[0].channel');
  });

  it('rejects an unknown time zone', () => {
    expect(configError(() => specsOf('      - { kind: snapshot, cron: "0 3 * * *", timezone: Mars/Olympus }'))).toContain('Mars/Olympus');
  });

  it('rejects keep out of range when loading', () => {
    expect(configError(() => specsOf('      - { kind: snapshot, cron: "0 3 * * *", keep: 0 }'))).toContain('keep');
  });
});
