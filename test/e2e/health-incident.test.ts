import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPS_CHANNEL, USER_IDS, liveMysqlPod, settleLab, threadReplies, waitFor } from '../support/lab-approvals.js';
import { alertMessages } from '../support/health-alerts.js';
import { startTestLab, type TestLab } from '../support/test-lab.js';

// The node turns NotReady after 300 ms and keeps its pods, so the target stays unhealthy until the test brings the node up.
const NODE_DOWN_NO_EVICTION = { nodeMonitorGracePeriodMs: 300, podEvictionTimeoutMs: 600_000, resyncMs: 100 };
const BOT_USER = 'U0LABBOT1';

describe('unanswered health alert', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await startTestLab({ delivery: 'socket', timing: NODE_DOWN_NO_EVICTION, health: { alertAfterSeconds: 2, incidentAfterSeconds: 6 } });
    await settleLab(lab);
  }, 120_000);
  afterAll(async () => {
    await lab?.stop();
  });

  it('opens one incident channel', { timeout: 120_000 }, async () => {
    const node = String(liveMysqlPod(lab).spec?.nodeName);
    const afterSeq = lab.lab.slack.messages.lastSeq();
    lab.lab.cluster.runtime.nodes.setDown(node, true);
    try {
      const alert = await waitFor('the health alert', () => alertMessages(lab, afterSeq)[0], 30_000);
      const channel = await waitFor('the incident channel', () => lab.lab.slack.workspace.channels.find((candidate) => /^inc-\d{8}-orders-db-health$/.test(candidate.name)), 60_000);
      await waitFor('the link in the alert thread', () => threadReplies(lab, alert.ts).some((text) => text.includes(`<#${channel.id}`)), 30_000);

      expect(new Set(channel.members)).toEqual(new Set([BOT_USER, USER_IDS.oncall, USER_IDS.admin, USER_IDS.approver]));
      expect(channel.topic).toContain('orders-db');
      const summary = lab.lab.slack.messages
        .list(channel.id)
        .map((message) => `${message.text}\n${JSON.stringify(message.blocks ?? [])}`)
        .join('\n');
      expect(summary).toContain('has no Ready pod on a Ready node');
      expect(summary).toContain('pxctl status');
      expect(summary).toContain('pxctl volume inspect');
      expect(summary).toContain(`/archives/${OPS_CHANNEL}/p${alert.ts.replace('.', '')}`);

      const replies = threadReplies(lab, alert.ts);
      expect(replies.some((text) => text.includes('so an incident channel was requested'))).toBe(true);

      // More checks of the same problem open no second channel and post no second alert.
      await new Promise((resolve) => setTimeout(resolve, 4_000));
      expect(lab.lab.slack.workspace.channels.filter((candidate) => candidate.name.startsWith('inc-'))).toHaveLength(1);
      expect(alertMessages(lab, afterSeq)).toHaveLength(1);
    } finally {
      lab.lab.cluster.runtime.nodes.setDown(node, false);
    }
    await waitFor('the recovery reply', () => alertMessages(lab, afterSeq).some((alert) => threadReplies(lab, alert.ts).some((text) => text.startsWith('Recovered'))), 60_000);
  });
});
