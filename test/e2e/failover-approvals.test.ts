import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/audit-log.js';
import { captureLogger } from '../support/capture-logger.js';
import {
  USER_IDS,
  clickAndWaitForReply,
  currentMessage,
  isCordoned,
  jobStates,
  labRedis,
  liveMysqlPod,
  metadataState,
  mysqlPods,
  recordCreatedMysqlPods,
  replicaNodesOfMysqlVolume,
  requestFailover,
  settleLab,
  threadReplies,
  waitFor,
  waitForClickReply,
} from '../support/lab-approvals.js';
import { startTestLab, type TestLab } from '../support/test-lab.js';

// A node that goes down turns NotReady after 300 ms. Its pods are not evicted during a test, so a
// forced failover finds the MySQL pod still bound to the down node.
const NODE_DOWN_NO_EVICTION = { nodeMonitorGracePeriodMs: 300, podEvictionTimeoutMs: 600_000, resyncMs: 100 };
// Pods of a down node are evicted after 700 ms and stay Terminating, because no kubelet runs there.
const NODE_DOWN_QUICK_EVICTION = { nodeMonitorGracePeriodMs: 300, podEvictionTimeoutMs: 700, resyncMs: 100 };

const FAILOVER_STEP_TEXTS = ['Preflight passed', 'Fingerprint taken', 'Cordoned node', 'Deleted pod', 'Replacement pod', 'Fingerprint equal', 'Uncordoned node'];

describe('failover approved in Slack', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await startTestLab({ delivery: 'socket', timing: NODE_DOWN_NO_EVICTION });
  });
  afterAll(async () => {
    await lab?.stop();
  });
  beforeEach(async () => {
    await settleLab(lab);
  }, 90_000);

  it('moves MySQL to another replica node', { timeout: 120_000 }, async () => {
    const oldPod = liveMysqlPod(lab);
    const oldNode = String(oldPod.spec?.nodeName);
    const requested = await requestFailover(lab, 'oncall');
    expect(metadataState(requested.approval.message)).toBe('pending');

    const approved = await clickAndWaitForReply(lab, 'approver', 'pxmysql_approve');
    expect(approved.isError).toBe(false);
    expect(approved.reply.text).toContain(`failover-${requested.approval.approvalId}`);
    const { code, output } = await requested.finished;

    expect(code).toBe(0);
    const newPod = liveMysqlPod(lab);
    const newNode = String(newPod.spec?.nodeName);
    expect(newPod.metadata.uid).not.toBe(oldPod.metadata.uid);
    expect(newNode).not.toBe(oldNode);
    expect(replicaNodesOfMysqlVolume(lab)).toContain(newNode);
    expect(isCordoned(lab, oldNode)).toBe(false);

    const replies = threadReplies(lab, requested.approval.ts);
    for (const step of FAILOVER_STEP_TEXTS) expect(replies.some((text) => text.includes(step)), `thread reply "${step}"`).toBe(true);
    expect(replies.some((text) => text.includes(`Cordoned node \`${oldNode}\``))).toBe(true);
    expect(replies.some((text) => text.includes(`Replacement pod \`${String(newPod.metadata.name)}\` Ready on node \`${newNode}\``))).toBe(true);
    expect(replies.some((text) => text.includes(`Uncordoned node \`${oldNode}\``))).toBe(true);
    expect(replies.some((text) => text.includes(`done: \`${oldNode}\` → \`${newNode}\``))).toBe(true);
    expect(output).toContain('`pxctl volume inspect` before the failover');
    expect(output).toContain('`pxctl volume inspect` after the failover');
    expect(output).toContain(`State           \t :  Attached: ${newNode}`);
    expect(output).toContain('Replication Status\t :  Up');

    const parent = currentMessage(lab, requested.approval.ts);
    expect(parent.metadata?.event_type).toBe('pxmysql_job');
    expect(metadataState(parent)).toBe('succeeded');
  });

  it('--keep-cordoned leaves old node cordoned', { timeout: 120_000 }, async () => {
    const oldNode = String(liveMysqlPod(lab).spec?.nodeName);
    const requested = await requestFailover(lab, 'oncall', '/pxmysql failover --keep-cordoned');
    expect(requested.approval.message.text + JSON.stringify(requested.approval.message.blocks)).toContain('--keep-cordoned');

    await clickAndWaitForReply(lab, 'approver', 'pxmysql_approve');
    const { code } = await requested.finished;

    expect(code).toBe(0);
    expect(String(liveMysqlPod(lab).spec?.nodeName)).not.toBe(oldNode);
    expect(isCordoned(lab, oldNode)).toBe(true);
    const replies = threadReplies(lab, requested.approval.ts);
    expect(replies).toContain(`Node \`${oldNode}\` stays cordoned, as requested.`);
    expect(replies.some((text) => text.startsWith('Uncordoned node'))).toBe(false);
  });

  it("--force removes the down node's pod", { timeout: 120_000 }, async () => {
    const oldPod = liveMysqlPod(lab);
    const oldNode = String(oldPod.spec?.nodeName);
    lab.lab.cluster.runtime.nodes.setDown(oldNode, true);
    try {
      await waitFor('the down node to turn NotReady', () => {
        const conditions = (lab.lab.cluster.store.get('nodes', undefined, oldNode).status?.conditions ?? []) as Array<{ type: string; status: string }>;
        return conditions.some((condition) => condition.type === 'Ready' && condition.status !== 'True');
      });

      const requested = await requestFailover(lab, 'oncall', '/pxmysql failover --force');
      await clickAndWaitForReply(lab, 'approver', 'pxmysql_approve');
      const { code, output } = await requested.finished;

      expect(code, output).toBe(0);
      expect(mysqlPods(lab).some((pod) => pod.metadata.uid === oldPod.metadata.uid)).toBe(false);
      const newNode = String(liveMysqlPod(lab).spec?.nodeName);
      expect(newNode).not.toBe(oldNode);
      expect(replicaNodesOfMysqlVolume(lab)).toContain(newNode);
      const replies = threadReplies(lab, requested.approval.ts);
      expect(replies.some((text) => text.includes(`Forced failover of pod \`${String(oldPod.metadata.name)}\` on node \`${oldNode}\` (node Ready: no)`))).toBe(true);
      expect(replies.some((text) => text.includes(`Force-deleted pod \`${String(oldPod.metadata.name)}\``))).toBe(true);
      expect(replies.some((text) => text.includes('No fingerprint taken'))).toBe(true);
      expect(isCordoned(lab, oldNode)).toBe(false);
    } finally {
      lab.lab.cluster.runtime.nodes.setDown(oldNode, false);
    }
  });

  it('concurrent approvals start one job', { timeout: 120_000 }, async () => {
    const oldNode = String(liveMysqlPod(lab).spec?.nodeName);
    const requested = await requestFailover(lab, 'oncall');
    const created = recordCreatedMysqlPods(lab);

    const clicks = await Promise.all([lab.lab.slack.click({ user: 'approver', action: 'pxmysql_approve' }), lab.lab.slack.click({ user: 'admin', action: 'pxmysql_approve' })]);
    const [approverReply, adminReply] = await Promise.all(clicks.map((click) => waitForClickReply(lab, click)));
    const { code } = await requested.finished;
    created.stop();

    expect(code).toBe(0);
    const replies = [
      { user: USER_IDS.approver, answered: approverReply },
      { user: USER_IDS.admin, answered: adminReply },
    ];
    const winners = replies.filter((reply) => !reply.answered?.isError);
    const losers = replies.filter((reply) => reply.answered?.isError);
    expect(winners).toHaveLength(1);
    expect(losers).toHaveLength(1);
    const winner = winners[0]?.user ?? '';
    // The approver's replies are in Chinese and the admin's in English; both name the winner.
    expect(losers[0]?.answered?.reply.text).toMatch(/already approved by|已由/);
    expect(losers[0]?.answered?.reply.text).toContain(`<@${winner}>`);

    const states = jobStates(lab, requested.afterSeq);
    expect(new Set(states.map((entry) => entry.jobId))).toEqual(new Set([`failover-${requested.approval.approvalId}`]));
    expect(states.filter((entry) => entry.state === 'succeeded')).toHaveLength(1);
    expect(created.uids).toHaveLength(1);
    expect(threadReplies(lab, requested.approval.ts).filter((text) => text.startsWith('Deleted pod'))).toHaveLength(1);
    expect(String(liveMysqlPod(lab).spec?.nodeName)).not.toBe(oldNode);
  });

  it('audit stream records the run', { timeout: 120_000 }, async () => {
    const requested = await requestFailover(lab, 'oncall');
    const approvalId = requested.approval.approvalId;
    const jobId = `failover-${approvalId}`;
    const selfClick = await clickAndWaitForReply(lab, 'oncall', 'pxmysql_approve');
    expect(selfClick.isError).toBe(true);
    await clickAndWaitForReply(lab, 'approver', 'pxmysql_approve');
    const { code } = await requested.finished;
    expect(code).toBe(0);

    const redis = labRedis(lab);
    try {
      const recent = await new AuditLog(redis, captureLogger('warn').logger).recent({ count: 100 });
      const run = recent.filter((entry) => entry.approvalId === approvalId || entry.jobId === jobId).reverse();
      expect(run.map((entry) => entry.type)).toEqual(['request', 'refusal', 'decision', 'job-start', 'job-end']);
      const [request, refusal, decision, start, end] = run;
      expect(request).toMatchObject({ user: USER_IDS.oncall, target: 'orders-db', operation: 'failover', params: { force: false, keepCordoned: false } });
      expect(refusal).toMatchObject({ user: USER_IDS.oncall, reason: 'clicker is not an approver' });
      expect(decision).toMatchObject({ user: USER_IDS.approver, outcome: 'approved' });
      expect(start).toMatchObject({ jobId, target: 'orders-db', operation: 'failover' });
      expect(end).toMatchObject({ jobId, outcome: 'succeeded' });
    } finally {
      redis.disconnect();
    }
  });
});

describe('forced failover after pods were evicted', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await startTestLab({ delivery: 'socket', timing: NODE_DOWN_QUICK_EVICTION });
  });
  afterAll(async () => {
    await lab?.stop();
  });

  // The lab starts a replacement pod as soon as the old pod is evicted, so preflight must pick the
  // pod stuck on the NotReady node, never the healthy replacement on a Ready node.
  it('force-deletes the stuck Terminating pod', { timeout: 120_000 }, async () => {
    await settleLab(lab);
    const stuckPod = liveMysqlPod(lab);
    const downNode = String(stuckPod.spec?.nodeName);
    lab.lab.cluster.runtime.nodes.setDown(downNode, true);
    try {
      await waitFor('the evicted pod to be Terminating', () => mysqlPods(lab).find((pod) => pod.metadata.uid === stuckPod.metadata.uid)?.metadata.deletionTimestamp !== undefined);
      const requested = await requestFailover(lab, 'oncall', '/pxmysql failover --force');
      const created = recordCreatedMysqlPods(lab);
      await clickAndWaitForReply(lab, 'approver', 'pxmysql_approve');
      const { code, output } = await requested.finished;
      created.stop();

      expect(code, output).toBe(0);
      expect(mysqlPods(lab).some((pod) => pod.metadata.uid === stuckPod.metadata.uid)).toBe(false);
      expect(created.uids, 'a healthy replacement pod was deleted and created again').toHaveLength(0);
      expect(threadReplies(lab, requested.approval.ts).some((text) => text.includes(`Force-deleted pod \`${String(stuckPod.metadata.name)}\``))).toBe(true);
    } finally {
      await settleLab(lab);
    }
  });
});
