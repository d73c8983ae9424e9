import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestLab, type TestLab } from '../support/test-lab.js';

const MYSQL_NODE = 'gke-gke-px-default-pool-177a3f0b-st0n';

describe.each(['socket', 'http'] as const)('/pxmysql over %s', (delivery) => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await startTestLab({ delivery });
  });
  afterAll(async () => {
    await lab?.stop();
  });

  it('status posts the thread with pod, PVC and pxctl output', async () => {
    const { code, output } = await lab.send('oncall', '/pxmysql status');
    expect(output).toContain(MYSQL_NODE);
    expect(output).toContain('`px-mysql-pvc`');
    expect(output).toContain('1Gi');
    expect(output).toContain('Volume\t:  ');
    expect(output).toContain('Replication Status\t :  Up');
    expect(output).toContain('succeeded');
    expect(code).toBe(0);
  });

  it('unknown subcommand points to help', async () => {
    const { code, output } = await lab.send('oncall', '/pxmysql frobnicate');
    expect(output).toContain('Unknown subcommand `frobnicate`. Run `/pxmysql help`');
    // The usage of every subcommand would bury the message.
    expect(output).not.toContain('/pxmysql status [target]');
    expect(code).toBe(1);
  });

  it('typo gets a suggestion', async () => {
    const { code, output } = await lab.send('oncall', '/pxmysql stauts');
    expect(output).toContain('Did you mean `status`?');
    expect(code).toBe(1);
  });

  it('help answers in the user locale', async () => {
    const english = await lab.send('viewer', '/pxmysql help');
    const chinese = await lab.send('approver', '/pxmysql help');
    expect(english.output).toContain('Subcommands');
    expect(chinese.output).toMatch(/[\u4e00-\u9fff]/);
    expect(english.code).toBe(0);
    expect(chinese.code).toBe(0);
  });

  it('status from a channel the target does not allow is rejected', async () => {
    const { code, output } = await lab.send('oncall', '/pxmysql status', { channel: 'general' });
    expect(output).toContain('cannot be operated from this channel');
    expect(code).toBe(1);
  });

  it('unknown target lists the known ones', async () => {
    const { code, output } = await lab.send('oncall', '/pxmysql status billing-db');
    expect(output).toContain('Unknown target `billing-db`');
    expect(output).toContain('orders-db');
    expect(code).toBe(1);
  });
});

describe('signed HTTP requests', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await startTestLab({ delivery: 'http' });
  });
  afterAll(async () => {
    await lab?.stop();
  });

  it('rejects a stale signature', async () => {
    const staleTimestamp = Math.floor(Date.now() / 1000) - 10 * 60;
    const before = lab.lab.slack.messages.lastSeq();
    const result = await lab.lab.slack.sendSlashCommand({ user: 'oncall', text: '/pxmysql status', signing: { timestamp: staleTimestamp } });
    expect(result.delivery.ok).toBe(false);
    expect(result.delivery.status).toBe(401);
    expect(lab.lab.slack.messages.eventsAfter(before).filter((event) => event.kind === 'message')).toEqual([]);
  });

  it('rejects a signature made with another secret', async () => {
    const result = await lab.lab.slack.sendSlashCommand({ user: 'oncall', text: '/pxmysql status', signing: { secret: 'not-the-signing-secret' } });
    expect(result.delivery.ok).toBe(false);
    expect(result.delivery.status).toBe(401);
  });
});

describe('with Redis stopped', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await startTestLab({ delivery: 'socket' });
  });
  afterAll(async () => {
    await lab?.stop();
  });

  it('acknowledges in time and says the queue is unavailable', async () => {
    await lab.redis.stop();
    const { code, output } = await lab.send('oncall', '/pxmysql status');
    expect(output).toContain('job queue (Redis) is unreachable');
    expect(code).toBe(1);
    const deliveries = lab.lab.slack.messages.eventsAfter(0).filter((event) => event.kind === 'delivery');
    expect(deliveries.at(-1)?.delivery?.ok).toBe(true);
    expect(deliveries.at(-1)?.delivery?.error).toBeUndefined();
  });
});
