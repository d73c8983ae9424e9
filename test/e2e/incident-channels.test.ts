import type { Job } from 'bullmq';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { INCIDENT_STEPS, type IncidentJobData } from '../../jobs/incident/incident-data.js';
import { runIncident } from '../../jobs/incident/run-incident.js';
import { TargetClusters } from '../../src/runtime/target-clusters.js';
import { ThreadReporter } from '../../src/slack/thread-reporter.js';
import type { ThreadClient } from '../../src/slack/thread-types.js';
import { createWebClient } from '../../src/slack/web-client.js';
import type { LabChannel } from '../../src/lab/slack/workspace.js';
import type { LabMessage } from '../../src/lab/slack/message-types.js';
import {
  NODE_NAMES,
  OPS_CHANNEL,
  USER_IDS,
  clickAndWaitForReply,
  isCordoned,
  liveMysqlPod,
  requestFailover,
  settleLab,
  threadReplies,
  waitFor,
} from '../support/lab-approvals.js';
import { startTestLab, type TestLab } from '../support/test-lab.js';

// Nodes that go down turn NotReady after 300 ms and keep their pods, so a failover finds no other
// Ready replica node while the MySQL pod keeps running where it is.
const NODE_DOWN_NO_EVICTION = { nodeMonitorGracePeriodMs: 300, podEvictionTimeoutMs: 600_000, resyncMs: 100 };
const BOT_USER = 'U0LABBOT1';

function incidentChannels(lab: TestLab, pattern: RegExp): LabChannel[] {
  return lab.lab.slack.workspace.channels.filter((channel) => pattern.test(channel.name));
}

/** Text of every message in a channel, blocks included, so code blocks and fields are searchable. */
function channelText(lab: TestLab, channel: string): string {
  return lab.lab.slack.messages
    .list(channel)
    .map((message: LabMessage) => `${message.text}\n${JSON.stringify(message.blocks ?? [])}`)
    .join('\n');
}

function isNodeReady(lab: TestLab, node: string): boolean {
  const conditions = (lab.lab.cluster.store.get('nodes', undefined, node).status?.conditions ?? []) as Array<{ type: string; status: string }>;
  return conditions.some((condition) => condition.type === 'Ready' && condition.status === 'True');
}

describe('incident channels in the lab', () => {
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

  it('/pxmysql incident opens a channel', { timeout: 90_000 }, async () => {
    const { code, output } = await lab.send('oncall', '/pxmysql incident orders-db replica lag on orders', { timeoutMs: 60_000 });
    expect(code, output).toBe(0);

    const [channel] = incidentChannels(lab, /^inc-\d{8}-orders-db-incident$/);
    expect(channel, lab.lab.slack.workspace.channels.map((candidate) => candidate.name).join(', ')).toBeDefined();
    if (channel === undefined) return;
    expect(new Set(channel.members)).toEqual(new Set([BOT_USER, USER_IDS.oncall, USER_IDS.admin, USER_IDS.approver]));
    expect(channel.topic).toBe('incident on orders-db: replica lag on orders');

    const summary = channelText(lab, channel.id);
    expect(summary).toContain('replica lag on orders');
    expect(summary).toContain('Status: PX is operational');
    expect(summary).toContain('Replication Status');
    expect(summary).toMatch(/Normal\s+Started\s+pod\/mysql-/);
    expect(summary).toContain(`/archives/${OPS_CHANNEL}/p`);

    const parent = lab.lab.slack.messages
      .list(OPS_CHANNEL)
      .filter((message) => message.metadata?.event_payload['operation'] === 'incident')
      .at(-1);
    expect(parent).toBeDefined();
    const replies = threadReplies(lab, String(parent?.ts));
    expect(replies.some((text) => text.includes(`<#${channel.id}>`))).toBe(true);
    expect(summary).toContain(`p${String(parent?.ts).replace('.', '')}`);
    // `lab send` shows the reply that names the channel, and the summary posted in it.
    expect(output).toContain(channel.name);
    expect(output).toContain(`(incident channel #${channel.name})`);
    expect(output).toContain('Status: PX is operational');
  });

  it('second incident gets a numbered name', { timeout: 90_000 }, async () => {
    const before = incidentChannels(lab, /^inc-\d{8}-orders-db-incident/).length;
    const first = await lab.send('oncall', '/pxmysql incident first', { timeoutMs: 60_000 });
    const second = await lab.send('admin', '/pxmysql incident second', { timeoutMs: 60_000 });
    expect(first.code, first.output).toBe(0);
    expect(second.code, second.output).toBe(0);

    const names = incidentChannels(lab, /^inc-\d{8}-orders-db-incident/).map((channel) => channel.name);
    expect(names).toHaveLength(before + 2);
    expect(new Set(names).size).toBe(names.length);
    expect(names.some((name) => /-incident-\d+$/.test(name))).toBe(true);
  });

  it('viewer cannot open an incident', { timeout: 30_000 }, async () => {
    const before = lab.lab.slack.workspace.channels.length;
    const { code, output } = await lab.send('viewer', '/pxmysql incident orders-db', { timeoutMs: 20_000 });
    expect(code).toBe(1);
    expect(output).toContain('`operator`');
    expect(lab.lab.slack.workspace.channels).toHaveLength(before);
  });

  it('failed failover opens an incident', { timeout: 120_000 }, async () => {
    const pod = liveMysqlPod(lab);
    const podNode = String(pod.spec?.nodeName);
    const otherNodes = NODE_NAMES.filter((node) => node !== podNode);

    const requested = await requestFailover(lab, 'oncall');
    // The other replica nodes fail between the request and the approval, so no node can take MySQL.
    for (const node of otherNodes) lab.lab.cluster.runtime.nodes.setDown(node, true);
    await waitFor('the other nodes to turn NotReady', () => otherNodes.every((node) => !isNodeReady(lab, node)));

    await clickAndWaitForReply(lab, 'approver', 'pxmysql_approve');
    const { code, output } = await requested.finished;
    expect(code, output).toBe(1);

    const jobId = `failover-${requested.approval.approvalId}`;
    const channel = await waitFor('the incident channel', () => incidentChannels(lab, /^inc-\d{8}-orders-db-failover$/)[0], 60_000);
    const link = await waitFor('the link in the failover thread', () =>
      threadReplies(lab, requested.approval.ts).find((text) => text.includes(`<#${channel.id}>`)),
    60_000);
    expect(link).toContain(channel.name);
    expect(channel.topic.startsWith('failover on orders-db: ')).toBe(true);
    expect(new Set(channel.members)).toEqual(new Set([BOT_USER, USER_IDS.oncall, USER_IDS.admin, USER_IDS.approver]));

    const summary = await waitFor('the summary', () => {
      const text = channelText(lab, channel.id);
      return text.includes('Recent events') ? text : undefined;
    });
    expect(summary).toContain(jobId);
    expect(summary).toContain('Status: PX is operational');
    expect(summary).toContain(`/archives/${OPS_CHANNEL}/p${requested.approval.ts.replace('.', '')}`);

    // The thread reports an unchanged cluster, and the cluster is unchanged.
    const replies = threadReplies(lab, requested.approval.ts);
    expect(replies.some((text) => text.includes('The failover stopped'))).toBe(true);
    expect(replies.some((text) => text.includes('no pod was deleted'))).toBe(true);
    expect(liveMysqlPod(lab).metadata.uid).toBe(pod.metadata.uid);
    expect(String(liveMysqlPod(lab).spec?.nodeName)).toBe(podNode);
    for (const node of NODE_NAMES) expect(isCordoned(lab, node), `node ${node} cordoned`).toBe(false);
  });

  it('unreachable pxctl is shown, not fatal', { timeout: 90_000 }, async () => {
    for (const node of NODE_NAMES) lab.lab.cluster.runtime.nodes.setDown(node, true);
    await waitFor('every node to turn NotReady', () => NODE_NAMES.every((node) => !isNodeReady(lab, node)));

    const { code, output } = await lab.send('oncall', '/pxmysql incident orders-db every node is down', { timeoutMs: 60_000 });
    expect(code, output).toBe(0);

    const channel = lab.lab.slack.workspace.channels.find((candidate) => candidate.topic === 'incident on orders-db: every node is down');
    expect(channel).toBeDefined();
    const summary = channelText(lab, String(channel?.id));
    expect(summary).toContain('`pxctl status` could not be read');
    expect(summary).toContain('no Running, Ready portworx pod');
    expect(summary).toContain('could not be read: `no Running, Ready portworx pod');
    expect(summary).toMatch(/Normal\s+Started\s+pod\/mysql-/);
  });

  it('resumed job reuses its channel', { timeout: 60_000 }, async () => {
    const { config } = lab.lab;
    const slack = createWebClient(config, lab.logs.logger);
    // A worker created the channel and stored it, then died before inviting anyone.
    const created = await slack.conversations.create({ name: 'inc-20261204-orders-db-resumed' });
    const channel = { id: String(created.channel?.id), name: String(created.channel?.name) };
    const channelsBefore = lab.lab.slack.workspace.channels.length;

    const data: IncidentJobData = {
      operation: 'incident',
      target: 'orders-db',
      requestedBy: USER_IDS.oncall,
      channel: OPS_CHANNEL,
      triggerId: 'resume-test',
      locale: 'en',
      incident: { about: 'failover', trigger: 'job-failed', title: 'worker died', dedupeKey: 'failover-resume', failedJobId: 'failover-resume' },
      state: { completedSteps: ['create-channel'], channel, botUserId: BOT_USER },
    };
    const stored: { data: IncidentJobData } = { data };
    const job = {
      id: 'incident-failover-resume',
      timestamp: Date.now(),
      get data() {
        return stored.data;
      },
      updateData: async (next: IncidentJobData) => {
        stored.data = next;
      },
    } as unknown as Job<IncidentJobData>;
    const logger = lab.logs.logger;
    const reporter = new ThreadReporter({
      client: slack as unknown as ThreadClient,
      channel: OPS_CHANNEL,
      metadata: { event_type: 'pxmysql_job', event_payload: { job_id: 'incident-failover-resume', trigger_id: 'resume-test', operation: 'incident', target: 'orders-db', state: 'running' } },
      logger,
    });
    const parentTs = await reporter.start({ text: 'resumed incident', blocks: [] });
    const clusters = new TargetClusters(config);

    await runIncident({ job, data, target: clusters.target('orders-db'), kubeConfig: clusters.kubeConfig('orders-db'), reporter, logger, slack });
    await reporter.flush();

    expect(lab.lab.slack.workspace.channels).toHaveLength(channelsBefore);
    expect(stored.data.state?.completedSteps).toEqual([...INCIDENT_STEPS]);
    const incidentChannel = lab.lab.slack.workspace.channels.find((candidate) => candidate.id === channel.id);
    expect(new Set(incidentChannel?.members)).toEqual(new Set([BOT_USER, USER_IDS.oncall, USER_IDS.admin, USER_IDS.approver]));
    expect(incidentChannel?.topic).toBe('failover on orders-db: worker died');
    expect(channelText(lab, channel.id)).toContain('failover-resume');
    expect(threadReplies(lab, String(parentTs)).some((text) => text.includes(`<#${channel.id}>`))).toBe(true);
  });
});
