import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AuditLog } from '../../src/audit/audit-log.js';
import { TargetLocks } from '../../src/locks/target-locks.js';
import type { TestLab } from '../support/test-lab.js';
import { startTestLab } from '../support/test-lab.js';
import { captureLogger } from '../support/capture-logger.js';
import {
  NODE_NAMES,
  OPS_CHANNEL,
  USER_IDS,
  clickAndWaitForReply,
  currentMessage,
  isCordoned,
  jobStates,
  labRedis,
  liveMysqlPod,
  metadataState,
  postForgedApprovalButtons,
  recordCreatedMysqlPods,
  requestFailover,
  setCordoned,
  settleLab,
  threadReplies,
  type RequestedFailover,
} from '../support/lab-approvals.js';

const TARGET = 'orders-db';

describe('failover approval refusals', () => {
  let lab: TestLab;
  beforeAll(async () => {
    // Clicks and commands go over signed HTTP here; failover-approvals.test.ts uses Socket Mode.
    lab = await startTestLab({ delivery: 'http' });
  });
  afterAll(async () => {
    await lab?.stop();
  });
  beforeEach(async () => {
    await settleLab(lab);
  }, 90_000);

  /** Asserts that the approval message still offers its buttons and nothing has started. */
  function expectStillPending(requested: RequestedFailover): void {
    const message = currentMessage(lab, requested.approval.ts);
    expect(metadataState(message)).toBe('pending');
    expect(JSON.stringify(message.blocks)).toContain('pxmysql_approve');
    expect(jobStates(lab, requested.afterSeq)).toEqual([]);
  }

  it('operator and viewer clicks are refused', { timeout: 60_000 }, async () => {
    const requested = await requestFailover(lab, 'oncall');

    const ownClick = await clickAndWaitForReply(lab, 'oncall', 'pxmysql_approve');
    expect(ownClick.isError).toBe(true);
    expect(ownClick.reply.text).toContain('Only users with the `approver` or `admin` role can decide approval requests; your role is `operator`.');
    expectStillPending(requested);

    const viewerClick = await clickAndWaitForReply(lab, 'viewer', 'pxmysql_approve');
    expect(viewerClick.isError).toBe(true);
    expect(viewerClick.reply.text).toContain('your role is `viewer`');
    expectStillPending(requested);

    const viewerReject = await clickAndWaitForReply(lab, 'viewer', 'pxmysql_reject');
    expect(viewerReject.isError).toBe(true);
    expectStillPending(requested);

    // The requester may withdraw their own request.
    const withdrawn = await clickAndWaitForReply(lab, 'oncall', 'pxmysql_reject');
    expect(withdrawn.isError).toBe(false);
    const { code } = await requested.finished;
    expect(code).toBe(1);
    expect(jobStates(lab, requested.afterSeq)).toEqual([]);
  });

  it('admin cannot approve their own request', { timeout: 60_000 }, async () => {
    const requested = await requestFailover(lab, 'admin');

    const ownClick = await clickAndWaitForReply(lab, 'admin', 'pxmysql_approve');
    expect(ownClick.isError).toBe(true);
    expect(ownClick.reply.text).toContain('You cannot approve your own request: another approver must approve it.');
    expectStillPending(requested);

    await clickAndWaitForReply(lab, 'approver', 'pxmysql_reject');
    expect((await requested.finished).code).toBe(1);
  });

  it('reject ends the request without a job', { timeout: 60_000 }, async () => {
    const pod = liveMysqlPod(lab);
    const created = recordCreatedMysqlPods(lab);
    const requested = await requestFailover(lab, 'oncall');

    const rejected = await clickAndWaitForReply(lab, 'approver', 'pxmysql_reject');
    const { code, output } = await requested.finished;
    // Give a wrongly started job time to post before checking that none did.
    await new Promise((resolve) => setTimeout(resolve, 1_000));
    created.stop();

    expect(code).toBe(1);
    expect(rejected.isError).toBe(false);
    expect(rejected.reply.text).toBe('你已拒绝该请求。');
    expect(output).toContain('(approval: rejected)');
    expect(output).toContain(':no_entry: Rejected by @approver; nothing was started.');
    const message = currentMessage(lab, requested.approval.ts);
    expect(metadataState(message)).toBe('rejected');
    expect(JSON.stringify(message.blocks)).not.toContain('pxmysql_approve');
    expect(jobStates(lab, requested.afterSeq)).toEqual([]);
    expect(liveMysqlPod(lab).metadata.uid).toBe(pod.metadata.uid);
    expect(created.uids).toEqual([]);
    expect(isCordoned(lab, String(pod.spec?.nodeName))).toBe(false);
  });

  it('expired approval cannot be approved', { timeout: 60_000 }, async () => {
    const pod = liveMysqlPod(lab);
    const requested = await requestFailover(lab, 'oncall');
    // The TTL setting has a 1-minute minimum, so the test moves the stored expiry into the past.
    const redis = labRedis(lab);
    try {
      await redis.hset(`pxmysql:approval:${requested.approval.approvalId}`, 'expiresAtMs', String(Date.now() - 1_000));
    } finally {
      redis.disconnect();
    }

    const late = await clickAndWaitForReply(lab, 'approver', 'pxmysql_approve');
    const { code, output } = await requested.finished;

    expect(late.isError).toBe(true);
    expect(late.reply.text).toBe('此审批请求已过期，未执行任何操作。如仍需要，请重新发起。');
    expect(code).toBe(1);
    expect(output).toContain('(approval: expired)');
    const message = currentMessage(lab, requested.approval.ts);
    expect(metadataState(message)).toBe('expired');
    expect(message.text).toBe('This approval request has expired; nothing was started. Request it again if it is still needed.');
    expect(JSON.stringify(message.blocks)).not.toContain('pxmysql_approve');
    expect(jobStates(lab, requested.afterSeq)).toEqual([]);
    expect(liveMysqlPod(lab).metadata.uid).toBe(pod.metadata.uid);
  });

  it('forged approval ids are refused', { timeout: 60_000 }, async () => {
    const pod = liveMysqlPod(lab);
    for (const approvalId of ['apr_0000000000000000dead', 'apr_../../pxmysql:lock:orders-db']) {
      const afterSeq = lab.lab.slack.messages.lastSeq();
      const forgedTs = postForgedApprovalButtons(lab, approvalId);
      try {
        const click = await clickAndWaitForReply(lab, 'admin', 'pxmysql_approve');
        expect(click.isError, approvalId).toBe(true);
        expect(click.reply.text, approvalId).toBe('This approval request does not exist or has expired.');
      } finally {
        lab.lab.slack.messages.delete(OPS_CHANNEL, forgedTs, 'chat.update');
      }
      expect(jobStates(lab, afterSeq), approvalId).toEqual([]);
    }
    expect(liveMysqlPod(lab).metadata.uid).toBe(pod.metadata.uid);

    const redis = labRedis(lab);
    try {
      const recent = await new AuditLog(redis, captureLogger('warn').logger).recent({ count: 20 });
      const refusal = recent.find((entry) => entry.approvalId === 'apr_0000000000000000dead');
      expect(refusal).toMatchObject({ type: 'refusal', user: USER_IDS.admin, reason: 'unknown approval id' });
    } finally {
      redis.disconnect();
    }
  });

  it('second failover while one runs is refused', { timeout: 60_000 }, async () => {
    const redis = labRedis(lab);
    const thread = lab.lab.slack.messages.post({ channel: OPS_CHANNEL, user: lab.lab.slack.workspace.bot.userId, text: 'running job', source: 'chat.postMessage' });
    const jobId = 'failover-apr_00000000000000000001';
    const acquired = await new TargetLocks(redis).acquire(TARGET, { jobId, operation: 'failover', requestedBy: USER_IDS.admin, channel: OPS_CHANNEL, threadTs: thread.ts }, { ttlMs: 60_000 });
    if (!acquired.acquired) throw new Error(`the target lock is already held by ${acquired.holder.jobId}`);
    try {
      const afterSeq = lab.lab.slack.messages.lastSeq();
      const { code, output } = await lab.send('oncall', '/pxmysql failover');

      expect(code).toBe(1);
      expect(output).toContain(`Target \`${TARGET}\` is busy: \`failover\` requested by @admin is running (job \`${jobId}\`).`);
      expect(output).toContain('its thread');
      const approvals = lab.lab.slack.messages.eventsAfter(afterSeq).filter((event) => event.message?.metadata?.event_type === 'pxmysql_approval');
      expect(approvals).toEqual([]);

      const recent = await new AuditLog(redis, captureLogger('warn').logger).recent({ count: 5 });
      expect(recent[0]).toMatchObject({ type: 'refusal', user: USER_IDS.oncall, target: TARGET, operation: 'failover', reason: `target locked by ${jobId}` });
    } finally {
      await acquired.lock.release();
      redis.disconnect();
    }
  });

  it('approval is refused while the target is locked', { timeout: 60_000 }, async () => {
    const requested = await requestFailover(lab, 'oncall');
    const redis = labRedis(lab);
    const jobId = 'failover-apr_00000000000000000002';
    const acquired = await new TargetLocks(redis).acquire(TARGET, { jobId, operation: 'failover', requestedBy: USER_IDS.admin }, { ttlMs: 60_000 });
    if (!acquired.acquired) throw new Error(`the target lock is already held by ${acquired.holder.jobId}`);
    try {
      const click = await clickAndWaitForReply(lab, 'approver', 'pxmysql_approve');
      expect(click.isError).toBe(true);
      expect(click.reply.text).toContain(`目标 \`${TARGET}\` 正忙`);
      expect(click.reply.text).toContain(jobId);
      expectStillPending(requested);
    } finally {
      await acquired.lock.release();
      redis.disconnect();
    }
    await clickAndWaitForReply(lab, 'oncall', 'pxmysql_reject');
    expect((await requested.finished).code).toBe(1);
  });

  it('late click names the first decision', { timeout: 60_000 }, async () => {
    const requested = await requestFailover(lab, 'oncall');
    await clickAndWaitForReply(lab, 'approver', 'pxmysql_reject');
    expect((await requested.finished).code).toBe(1);

    // A client that still shows the buttons, while another operation has the target lock.
    const redis = labRedis(lab);
    const acquired = await new TargetLocks(redis).acquire(TARGET, { jobId: 'failover-apr_00000000000000000003', operation: 'failover', requestedBy: USER_IDS.admin }, { ttlMs: 60_000 });
    if (!acquired.acquired) throw new Error(`the target lock is already held by ${acquired.holder.jobId}`);
    const staleTs = postForgedApprovalButtons(lab, requested.approval.approvalId);
    try {
      const late = await clickAndWaitForReply(lab, 'admin', 'pxmysql_approve');
      expect(late.isError).toBe(true);
      expect(late.reply.text).toBe(`This request was already rejected by <@${USER_IDS.approver}>.`);
    } finally {
      lab.lab.slack.messages.delete(OPS_CHANNEL, staleTs, 'chat.update');
      await acquired.lock.release();
      redis.disconnect();
    }
  });

  it('preflight refusal is reported in the thread', { timeout: 60_000 }, async () => {
    const pod = liveMysqlPod(lab);
    const podNode = String(pod.spec?.nodeName);
    const otherNodes = NODE_NAMES.filter((node) => node !== podNode);
    for (const node of otherNodes) await setCordoned(lab, node, true);
    try {
      const requested = await requestFailover(lab, 'oncall');
      expect(requested.approval.message.text + JSON.stringify(requested.approval.message.blocks)).toContain('none: no other replica node is Ready and schedulable');

      await clickAndWaitForReply(lab, 'approver', 'pxmysql_approve');
      const { code } = await requested.finished;

      expect(code).toBe(1);
      const failure = threadReplies(lab, requested.approval.ts).find((text) => text.includes('The job failed'));
      expect(failure).toContain('No other replica node is Ready and schedulable');
      for (const node of otherNodes) expect(failure).toContain(`${node}: Ready, cordoned`);
      expect(metadataState(currentMessage(lab, requested.approval.ts))).toBe('failed');
      expect(isCordoned(lab, podNode)).toBe(false);
      expect(liveMysqlPod(lab).metadata.uid).toBe(pod.metadata.uid);
    } finally {
      for (const node of otherNodes) await setCordoned(lab, node, false);
    }
  });
});
