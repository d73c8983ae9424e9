import { CoreV1Api } from '@kubernetes/client-node';
import { Redis } from 'ioredis';
import type { KubeObject } from '../../src/lab/apiserver/kube-object.js';
import { LAB_NODES } from '../../src/lab/cluster/lab-topology.js';
import { loadLabSampleData } from '../../src/lab/cluster/load-sample-data.js';
import { labKubeConfig } from '../../src/lab/kubeconfig.js';
import type { ClickResult } from '../../src/lab/slack/interactions.js';
import type { LabEvent, LabMessage } from '../../src/lab/slack/message-types.js';
import { setNodeUnschedulable } from '../../src/kube/set-node-unschedulable.js';
import type { TestLab } from './test-lab.js';

/** Node names of the lab cluster. */
export const NODE_NAMES = LAB_NODES.map((node) => node.name);

/** The lab's `#ops` channel, where the target may be operated and where approval messages are posted. */
export const OPS_CHANNEL = 'C0LABOPS1';

/** Slack user ids of the lab users. */
export const USER_IDS = { oncall: 'U0LABONC1', approver: 'U0LABAPR1', admin: 'U0LABADM1', viewer: 'U0LABVWR1' } as const;

/** An approval message as posted in the channel. */
export interface PostedApproval {
  ts: string;
  approvalId: string;
  message: LabMessage;
}

/** Polls until `check` returns a value other than undefined or false, failing after `timeoutMs`. */
export async function waitFor<T>(description: string, check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`timed out after ${timeoutMs} ms waiting for ${description}`);
}

/** Waits for the first approval message posted after the store event `afterSeq`. */
export async function waitForApproval(lab: TestLab, afterSeq: number): Promise<PostedApproval> {
  return await waitFor('the approval message', () => {
    const event = lab.lab.slack.messages
      .eventsAfter(afterSeq)
      .find((candidate) => candidate.kind === 'message' && candidate.message?.metadata?.event_type === 'pxmysql_approval');
    const message = event?.message;
    const approvalId = message?.metadata?.event_payload['approval_id'];
    if (message === undefined || typeof approvalId !== 'string') return undefined;
    return { ts: message.ts, approvalId, message };
  });
}

/** Returns the stored channel message with this timestamp, in its current state. */
export function currentMessage(lab: TestLab, ts: string): LabMessage {
  const message = lab.lab.slack.messages.find(OPS_CHANNEL, ts);
  if (message === undefined) throw new Error(`no message ${ts} in the ops channel`);
  return message;
}

/** Returns the `state` of a message's metadata, such as `pending` for an approval or `running` for a job. */
export function metadataState(message: LabMessage): unknown {
  return message.metadata?.event_payload['state'];
}

/** A click and the ephemeral reply the bot sent to the clicker. */
export interface AnsweredClick {
  click: ClickResult;
  reply: LabMessage;
  /** True when the reply has a block whose id marks it as an error. */
  isError: boolean;
}

/** Presses a button as `user` on the newest message that has it, and waits for the bot's ephemeral reply. */
export async function clickAndWaitForReply(lab: TestLab, user: string, action: string): Promise<AnsweredClick> {
  const click = await lab.lab.slack.click({ user, action });
  if (!click.delivery.ok) throw new Error(`the click of ${user} on ${action} was not delivered: ${JSON.stringify(click.delivery)}`);
  return await waitForClickReply(lab, click);
}

/** Waits for the ephemeral reply to a click that was already delivered. */
export async function waitForClickReply(lab: TestLab, click: ClickResult): Promise<AnsweredClick> {
  const reply = await waitFor(`the reply to click ${click.clickId}`, () => {
    const event = lab.lab.slack.messages.eventsAfter(click.afterSeq).find((candidate) => candidate.kind === 'ephemeral' && candidate.clickId === click.clickId);
    return event?.message;
  });
  const isError = (reply.blocks ?? []).some((block) => String((block as { block_id?: unknown }).block_id ?? '').startsWith('pxmysql-error'));
  return { click, reply, isError };
}

/**
 * Posts a message that looks like an approval message but whose buttons carry `approvalId`, as a
 * forged or stale button value would. A click on its button goes through the normal delivery path.
 * Returns the message's timestamp so the caller can delete it afterwards.
 */
export function postForgedApprovalButtons(lab: TestLab, approvalId: string): string {
  const bot = lab.lab.slack.workspace.bot;
  const message = lab.lab.slack.messages.post({
    channel: OPS_CHANNEL,
    user: bot.userId,
    botId: bot.botId,
    text: 'Failover of orders-db',
    blocks: [
      { type: 'section', text: { type: 'mrkdwn', text: 'Failover of `orders-db`' } },
      {
        type: 'actions',
        block_id: `pxmysql-approval-${approvalId}`,
        elements: [
          { type: 'button', action_id: 'pxmysql_approve', text: { type: 'plain_text', text: 'Approve' }, value: approvalId, style: 'primary' },
          { type: 'button', action_id: 'pxmysql_reject', text: { type: 'plain_text', text: 'Reject' }, value: approvalId, style: 'danger' },
        ],
      },
    ],
    source: 'chat.postMessage',
  });
  return message.ts;
}

/** Job id and state of every `pxmysql_job` parent message event after `afterSeq`, in order. */
export function jobStates(lab: TestLab, afterSeq: number): Array<{ jobId: string; state: string }> {
  return lab.lab.slack.messages
    .eventsAfter(afterSeq)
    .filter((event): event is LabEvent & { message: LabMessage } => (event.kind === 'message' || event.kind === 'update') && event.message?.metadata?.event_type === 'pxmysql_job')
    .map((event) => ({ jobId: String(event.message.metadata?.event_payload['job_id']), state: String(metadataState(event.message)) }));
}

/** Text of every reply in a thread, in posting order. */
export function threadReplies(lab: TestLab, parentTs: string): string[] {
  return lab.lab.slack.messages
    .list(OPS_CHANNEL)
    .filter((message) => message.thread_ts === parentTs && message.ts !== parentTs)
    .map((message) => message.text);
}

/** Lists the lab's MySQL pods, including those being deleted. */
export function mysqlPods(lab: TestLab): KubeObject[] {
  return lab.lab.cluster.store.list('pods', { namespace: 'default', labelSelector: 'app=mysql' }).items;
}

/** Returns the one MySQL pod that is not being deleted; throws when there is not exactly one. */
export function liveMysqlPod(lab: TestLab): KubeObject {
  const live = mysqlPods(lab).filter((pod) => pod.metadata.deletionTimestamp === undefined);
  if (live.length !== 1) throw new Error(`expected one live MySQL pod, found ${live.map((pod) => pod.metadata.name).join(', ') || 'none'}`);
  return live[0] as KubeObject;
}

export function isCordoned(lab: TestLab, node: string): boolean {
  return lab.lab.cluster.store.get('nodes', undefined, node).spec?.unschedulable === true;
}

/** Cordons or uncordons a node through the lab's Kubernetes API, as `kubectl cordon` does. */
export async function setCordoned(lab: TestLab, node: string, cordoned: boolean): Promise<void> {
  const core = labKubeConfig(lab.lab.cluster.url).makeApiClient(CoreV1Api);
  await setNodeUnschedulable(core, node, cordoned);
}

/** Node names that hold a replica of the MySQL PVC's Portworx volume. */
export function replicaNodesOfMysqlVolume(lab: TestLab): string[] {
  const { portworx } = lab.lab.cluster;
  const volume = [...portworx.volumes.values()].find((candidate) => candidate.labels.pvc === 'px-mysql-pvc');
  if (volume === undefined) throw new Error('the lab has no Portworx volume for px-mysql-pvc');
  return volume.replicaNodeIds.map((id) => portworx.nodes.get(id)?.name ?? id);
}

/**
 * Brings the lab back to one Ready MySQL pod that accepts connections: every node up and
 * uncordoned, no pod left Terminating. Returns the pod's name.
 */
export async function settleLab(lab: TestLab): Promise<string> {
  for (const node of NODE_NAMES) lab.lab.cluster.runtime.nodes.setDown(node, false);
  for (const node of NODE_NAMES) await setCordoned(lab, node, false);
  await waitFor('a single MySQL pod and no pod Terminating', () => mysqlPods(lab).length === 1, 60_000);
  return await loadLabSampleData(lab.lab.cluster.store, { timeoutMs: 60_000 });
}

/** Opens a Redis connection to the lab's Redis; the caller disconnects it. */
export function labRedis(lab: TestLab): Redis {
  return new Redis(lab.lab.redisUrl, { lazyConnect: false, maxRetriesPerRequest: 1 });
}

/** A `lab send` of a failover command that is still running, and the approval message it produced. */
export interface RequestedFailover {
  approval: PostedApproval;
  /** Settles when `lab send` exits: after the job ends, the approval is rejected or expires, or it times out. */
  finished: Promise<{ code: number; output: string }>;
  /** Store event sequence number before the command was sent. */
  afterSeq: number;
}

/** Starts `lab send` of a failover command as `user` and waits until the approval message is posted. */
export async function requestFailover(lab: TestLab, user: string, text = '/pxmysql failover'): Promise<RequestedFailover> {
  const afterSeq = lab.lab.slack.messages.lastSeq();
  const finished = lab.send(user, text, { timeoutMs: 90_000 });
  const approval = await Promise.race([
    waitForApproval(lab, afterSeq),
    finished.then(({ code, output }) => Promise.reject(new Error(`lab send exited with ${code} before an approval message was posted:\n${output}`))),
  ]);
  return { approval, finished, afterSeq };
}

/** Records the uid of every MySQL pod created from now on; call `stop` to end the recording. */
export function recordCreatedMysqlPods(lab: TestLab): { uids: string[]; stop: () => void } {
  const uids: string[] = [];
  const stop = lab.lab.cluster.store.subscribe((event) => {
    if (event.type === 'ADDED' && event.resource.plural === 'pods' && event.object.metadata.labels?.app === 'mysql') uids.push(String(event.object.metadata.uid));
  });
  return { uids, stop };
}
