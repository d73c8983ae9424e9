import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HEALTH_FAILOVER_ACTION } from '../../src/health/alert-message.js';
import {
  clickAndWaitForReply,
  currentMessage,
  jobStates,
  liveMysqlPod,
  metadataState,
  mysqlPods,
  replicaNodesOfMysqlVolume,
  settleLab,
  threadReplies,
  waitFor,
  waitForApproval,
} from '../support/lab-approvals.js';
import { alertMessages } from '../support/health-alerts.js';
import { startTestLab, type TestLab } from '../support/test-lab.js';

// A node that goes down turns NotReady after 300 ms, and its pods are not evicted during the test,
// so only a forced failover moves MySQL away. The lab's target alerts after 3 s.
const NODE_DOWN_NO_EVICTION = { nodeMonitorGracePeriodMs: 300, podEvictionTimeoutMs: 600_000, resyncMs: 100 };

describe('health alert on the lab', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await startTestLab({ delivery: 'socket', timing: NODE_DOWN_NO_EVICTION });
    await settleLab(lab);
  }, 120_000);
  afterAll(async () => {
    await lab?.stop();
  });

  it('node down: one alert, failover, recovery', { timeout: 180_000 }, async () => {
    const oldPod = liveMysqlPod(lab);
    const oldPodName = String(oldPod.metadata.name);
    const oldNode = String(oldPod.spec?.nodeName);
    const afterSeq = lab.lab.slack.messages.lastSeq();
    lab.lab.cluster.runtime.nodes.setDown(oldNode, true);
    try {
      const alert = await waitFor('the health alert', () => alertMessages(lab, afterSeq)[0], 30_000);
      // The watch checks every 750 ms; several more checks of the same problem post nothing new.
      await new Promise((resolve) => setTimeout(resolve, 3_000));
      expect(alertMessages(lab, afterSeq)).toHaveLength(1);
      expect(threadReplies(lab, alert.ts)).toEqual([]);
      expect(alert.channel).toBe('C0LABOPS1');
      expect(metadataState(alert)).toBe('open');
      const alertText = JSON.stringify(alert.blocks);
      expect(alertText).toContain(`Pod \`${oldPodName}\` on node \`${oldNode}\``);
      expect(alertText).toContain('NotReady (Ready=Unknown');
      expect(alertText).toContain(HEALTH_FAILOVER_ACTION);

      const viewerClick = await clickAndWaitForReply(lab, 'viewer', HEALTH_FAILOVER_ACTION);
      expect(viewerClick.isError).toBe(true);
      expect(viewerClick.reply.text).toContain('`operator`');
      expect(lab.lab.slack.messages.eventsAfter(viewerClick.click.afterSeq).some((event) => event.message?.metadata?.event_type === 'pxmysql_approval')).toBe(false);

      const clickSeq = lab.lab.slack.messages.lastSeq();
      const clicked = await clickAndWaitForReply(lab, 'oncall', HEALTH_FAILOVER_ACTION);
      expect(clicked.isError, clicked.reply.text).toBe(false);
      expect(clicked.reply.text).toContain('--force');
      const approval = await waitForApproval(lab, clickSeq);
      expect(approval.message.text + JSON.stringify(approval.message.blocks)).toContain(oldNode);

      const approved = await clickAndWaitForReply(lab, 'approver', 'pxmysql_approve');
      expect(approved.isError, approved.reply.text).toBe(false);
      const jobId = `failover-${approval.approvalId}`;
      await waitFor('the failover job to end', () => jobStates(lab, clickSeq).some((entry) => entry.jobId === jobId && (entry.state === 'succeeded' || entry.state === 'failed')), 120_000);
      expect(jobStates(lab, clickSeq).filter((entry) => entry.jobId === jobId).at(-1)?.state).toBe('succeeded');
      expect(mysqlPods(lab).some((pod) => pod.metadata.uid === oldPod.metadata.uid)).toBe(false);
      const newPod = liveMysqlPod(lab);
      const newNode = String(newPod.spec?.nodeName);
      expect(newNode).not.toBe(oldNode);
      expect(replicaNodesOfMysqlVolume(lab)).toContain(newNode);

      await waitFor('the recovery reply', () => threadReplies(lab, alert.ts).some((text) => text.startsWith('Recovered')), 30_000);
      const replies = threadReplies(lab, alert.ts);
      expect(replies.some((text) => text.includes('requested a forced failover'))).toBe(true);
      expect(replies.filter((text) => text.startsWith('Recovered'))).toEqual([
        expect.stringContaining(`\`${String(newPod.metadata.name)}\` is Ready on node \`${newNode}\``),
      ]);
      const closed = currentMessage(lab, alert.ts);
      expect(metadataState(closed)).toBe('recovered');
      expect((closed.blocks ?? []).some((block) => (block as { type?: string }).type === 'actions')).toBe(false);
      expect(alertMessages(lab, afterSeq)).toHaveLength(1);

      // A stale button of the closed alert, as a client showing an old copy of the message would send.
      const alertId = String(alert.metadata?.event_payload['alert_id']);
      const bot = lab.lab.slack.workspace.bot;
      lab.lab.slack.messages.post({
        channel: alert.channel,
        user: bot.userId,
        botId: bot.botId,
        text: 'stale alert',
        blocks: [{ type: 'actions', block_id: 'stale', elements: [{ type: 'button', action_id: HEALTH_FAILOVER_ACTION, text: { type: 'plain_text', text: 'Fail over' }, value: alertId }] }],
        source: 'chat.postMessage',
      });
      const stale = await clickAndWaitForReply(lab, 'oncall', HEALTH_FAILOVER_ACTION);
      expect(stale.isError).toBe(true);
      expect(stale.reply.text).toContain('health alert is closed');
    } finally {
      lab.lab.cluster.runtime.nodes.setDown(oldNode, false);
    }
  });
});
