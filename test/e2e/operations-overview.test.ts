import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  NODE_NAMES,
  USER_IDS,
  clickAndWaitForReply,
  currentMessage,
  isCordoned,
  liveMysqlPod,
  metadataState,
  requestFailover,
  settleLab,
  threadReplies,
  waitFor,
} from '../support/lab-approvals.js';
import { startTestLab, type TestLab } from '../support/test-lab.js';

describe('jobs, cancel and audit in Slack', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await startTestLab({ delivery: 'socket' });
    await settleLab(lab);
  }, 120_000);
  afterAll(async () => {
    await lab?.stop();
  });
  afterEach(async () => {
    await settleLab(lab);
  }, 120_000);

  it('cancel stops a running failover', { timeout: 150_000 }, async () => {
    const oldNode = String(liveMysqlPod(lab).spec?.nodeName);
    const requested = await requestFailover(lab, 'oncall');
    // When the job cordons the MySQL node, the other nodes lose their kubelet but stay Ready for
    // 5 s, so the replacement pod is scheduled on a node where it never becomes Ready, and the job
    // waits. The listener runs inside the store's write, before the scheduler places the new pod.
    const otherNodes = NODE_NAMES.filter((node) => node !== oldNode);
    const unsubscribe = lab.lab.cluster.store.subscribe((event) => {
      if (event.resource.plural !== 'nodes' || event.object.metadata.name !== oldNode || event.object.spec?.unschedulable !== true) return;
      for (const node of otherNodes) lab.lab.cluster.runtime.nodes.setDown(node, true);
    });
    const approved = await clickAndWaitForReply(lab, 'approver', 'pxmysql_approve');
    const jobId = `failover-${requested.approval.approvalId}`;
    expect(approved.reply.text).toContain(jobId);

    await waitFor('the failover to wait for the replacement pod', () => threadReplies(lab, requested.approval.ts).some((text) => text.includes('Waiting up to')), 60_000).catch((error: unknown) => {
      throw new Error(`${String(error)}; thread:\n${threadReplies(lab, requested.approval.ts).join('\n')}`);
    });
    unsubscribe();
    expect(isCordoned(lab, oldNode)).toBe(true);
    const listed = await lab.send('viewer', '/pxmysql jobs');
    expect(listed.code).toBe(0);
    expect(listed.output).toContain(jobId);
    expect(listed.output).toMatch(new RegExp(`running\\*? \`failover\` \`${jobId}\``));

    const refused = await lab.send('viewer', `/pxmysql cancel ${jobId}`);
    expect(refused.code).toBe(1);
    expect(refused.output).toContain('needs the `operator` role');

    const cancelled = await lab.send('oncall', `/pxmysql cancel ${jobId}`);
    expect(cancelled.code, cancelled.output).toBe(0);
    expect(cancelled.output).toContain('will stop before its next step');

    const { code, output } = await requested.finished;
    expect(code, output).toBe(1);
    const parent = currentMessage(lab, requested.approval.ts);
    expect(metadataState(parent)).toBe('cancelled');
    const replies = threadReplies(lab, requested.approval.ts);
    expect(replies.some((text) => text.includes(`<@${USER_IDS.oncall}> cancelled the job. Step \`wait-for-replacement\` was waiting, and the job stopped there`))).toBe(true);
    expect(replies.some((text) => text.includes(`Node \`${oldNode}\` was uncordoned, because this job had cordoned it.`))).toBe(true);
    expect(replies.some((text) => text.includes('The failover is done'))).toBe(false);
    expect(isCordoned(lab, oldNode)).toBe(false);

    // The thread shows the end a moment before BullMQ records it, once the job has released its lock.
    const cancelledLine = new RegExp(`cancelled\\*? \`failover\` \`${jobId}\``);
    await waitFor('jobs to list the job as cancelled', async () => cancelledLine.test((await lab.send('viewer', '/pxmysql jobs orders-db')).output), 20_000);

    const again = await lab.send('oncall', `/pxmysql cancel ${jobId}`);
    expect(again.code).toBe(1);
    expect(again.output).toContain('has already ended');

    const audit = await lab.send('oncall', '/pxmysql audit 20');
    expect(audit.code).toBe(0);
    expect(audit.output).toContain('`refusal` `cancel` · by @viewer · reason: role_too_low');
    expect(audit.output).toMatch(new RegExp(`\`cancel\` \`failover\` · by @oncall · outcome: requested · job \`${jobId}\``));
    expect(audit.output).toMatch(new RegExp(`\`job-end\` \`failover\` · by @oncall · outcome: cancelled · job \`${jobId}\` · reason: cancelled during step wait-for-replacement`));
  });

  it('rejects unknown job and bad count', { timeout: 60_000 }, async () => {
    const missing = await lab.send('oncall', '/pxmysql cancel failover-nope');
    expect(missing.code).toBe(1);
    expect(missing.output).toContain('There is no job `failover-nope`');

    const outOfRange = await lab.send('oncall', '/pxmysql audit 99');
    expect(outOfRange.code).toBe(1);
    expect(outOfRange.output).toContain('between 1 and 50');
  });
});
