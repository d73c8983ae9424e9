import { Redis } from 'ioredis';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { AlertStore } from '../../../src/health/alert-store.js';
import { HEALTH_FAILOVER_ACTION } from '../../../src/health/alert-message.js';
import { HealthWatcher } from '../../../src/health/health-watcher.js';
import { LeaderLease } from '../../../src/health/leader-lease.js';
import type { PodHealth, TargetHealth } from '../../../src/health/target-health.js';
import type { TargetConfig } from '../../../src/config/targets-schema.js';
import type { IncidentRequest } from '../../../src/incidents/incident-request.js';
import type { LockHolder } from '../../../src/locks/lock-types.js';
import type { RedisProcess } from '../../../src/lab/processes/redis-server.js';
import { captureLogger } from '../../support/capture-logger.js';
import { startTestRedis } from '../../support/services.js';

const TARGET: TargetConfig = {
  name: 'orders-db',
  cluster: { kubeconfig: '/dev/null' },
  namespace: 'default',
  deployment: 'mysql',
  pvc: 'px-mysql-pvc',
  service: 'mysql',
  rootPasswordSecret: { name: 'mysql-root', key: 'password' },
  portworx: { namespace: 'kube-system', labelSelector: 'name=portworx' },
  channels: ['C0LABOPS1'],
  snapshots: { api: 'stork', volumeSnapshotClass: 'px-csi-snapclass', appConsistent: true, readyTimeoutSeconds: 300 },
  expand: { requireApproval: false },
  health: { alertAfterSeconds: 60, incidentAfterSeconds: 600 },
} as TargetConfig;

const START = Date.parse('2026-12-04T22:00:00.000Z');

const STUCK_POD: PodHealth = {
  pod: 'mysql-6d4b9c7f5d-x2k8q',
  node: 'gke-gke-px-default-pool-177a3f0b-slkb',
  podReady: false,
  nodeReady: false,
  terminating: false,
  podConditions: ['Ready=False'],
  nodeConditions: ['Ready=Unknown (NodeStatusUnknown)'],
  since: new Date(START).toISOString(),
};

interface SlackCall {
  method: 'postMessage' | 'update';
  args: { channel: string; text?: string; thread_ts?: string; ts?: string; blocks?: unknown[]; metadata?: { event_payload: Record<string, unknown> } };
}

/** A Slack client that records every call and returns increasing timestamps. */
class RecordingSlack {
  readonly calls: SlackCall[] = [];
  failNextPost = false;
  private nextTs = 1;
  readonly chat = {
    postMessage: async (args: SlackCall['args']) => {
      if (this.failNextPost) {
        this.failNextPost = false;
        throw new Error('slack unavailable');
      }
      this.calls.push({ method: 'postMessage', args });
      return { ok: true, ts: `1800000000.${String(this.nextTs++).padStart(6, '0')}` };
    },
    update: async (args: SlackCall['args']) => {
      this.calls.push({ method: 'update', args });
      return { ok: true };
    },
  };

  parents(): SlackCall[] {
    return this.calls.filter((call) => call.method === 'postMessage' && call.args.thread_ts === undefined);
  }

  replies(ts: string): string[] {
    return this.calls.filter((call) => call.method === 'postMessage' && call.args.thread_ts === ts).map((call) => call.args.text ?? '');
  }
}

describe('health watcher', () => {
  let server: RedisProcess;
  let redis: Redis;
  let prefix: number;
  let health: TargetHealth;
  let clock: number;
  let lockHolder: LockHolder | undefined;
  let slack: RecordingSlack;
  let incidents: IncidentRequest[];

  beforeAll(async () => {
    server = await startTestRedis();
    redis = new Redis(server.url, { maxRetriesPerRequest: 1 });
    prefix = 0;
  });
  afterAll(async () => {
    redis?.disconnect();
    await server?.stop();
  });
  beforeEach(() => {
    prefix += 1;
    health = { healthy: true, serving: { pod: 'mysql-6d4b9c7f5d-x2k8q', node: STUCK_POD.node as string } };
    clock = START;
    lockHolder = undefined;
    slack = new RecordingSlack();
    incidents = [];
  });

  /** Creates a watcher that holds its own lease on the test's lease key, as a newly elected leader does. */
  const leader = async (readHealth: () => Promise<TargetHealth> = async () => health): Promise<{ watcher: HealthWatcher; store: AlertStore }> => {
    const lease = new LeaderLease(redis, `test:${prefix}:leader`, 60_000);
    await redis.del(lease.key);
    expect(await lease.tryAcquire()).toBe(true);
    const store = new AlertStore(redis, `test:${prefix}:health:`);
    const watcher = new HealthWatcher({
      config: { locale: 'en' },
      targets: [TARGET],
      alerts: store,
      fence: lease,
      readHealth,
      locks: { current: async () => lockHolder },
      slack: slack as never,
      openIncident: async (request) => {
        incidents.push(request);
      },
      logger: captureLogger('warn').logger,
      now: () => new Date(clock),
    });
    return { watcher, store };
  };
  const at = (seconds: number): void => {
    clock = START + seconds * 1_000;
  };

  it('posts one alert, changes, escalation, recovery', async () => {
    const { watcher, store } = await leader();
    health = { healthy: false, pods: [STUCK_POD], since: STUCK_POD.since };

    at(30);
    await watcher.checkAll();
    expect(slack.calls).toHaveLength(0);

    at(61);
    await watcher.checkAll();
    at(62);
    await watcher.checkAll();
    at(70);
    await watcher.checkAll();
    expect(slack.parents()).toHaveLength(1);
    const [parent] = slack.parents();
    const alert = await store.get('orders-db');
    expect(alert?.ts).toBeDefined();
    expect(alert?.since).toBe(STUCK_POD.since);
    expect(parent?.args.channel).toBe('C0LABOPS1');
    expect(parent?.args.text).toContain('`orders-db`');
    const blocksText = JSON.stringify(parent?.args.blocks);
    expect(blocksText).toContain('mysql-6d4b9c7f5d-x2k8q');
    expect(blocksText).toContain('gke-gke-px-default-pool-177a3f0b-slkb');
    expect(blocksText).toContain('NotReady (Ready=Unknown (NodeStatusUnknown))');
    expect(blocksText).toContain('2026-12-04 22:00:00 UTC');
    expect(blocksText).toContain(HEALTH_FAILOVER_ACTION);
    expect(blocksText).toContain(`"value":"${alert?.id}"`);
    expect(slack.replies(alert?.ts as string)).toHaveLength(0);

    health = { healthy: false, pods: [{ ...STUCK_POD, terminating: true, podConditions: ['Ready=False'] }], since: STUCK_POD.since };
    at(80);
    await watcher.checkAll();
    at(90);
    await watcher.checkAll();
    const replies = slack.replies(alert?.ts as string);
    expect(replies).toHaveLength(1);
    expect(replies[0]).toContain('state changed');
    expect(replies[0]).toContain('Terminating');

    at(61 + 599);
    await watcher.checkAll();
    expect(incidents).toHaveLength(0);
    at(61 + 600);
    await watcher.checkAll();
    at(61 + 700);
    await watcher.checkAll();
    expect(incidents).toEqual([
      {
        target: 'orders-db',
        operation: 'health',
        trigger: 'health-alert',
        title: expect.stringContaining('orders-db'),
        sourceThread: { channel: 'C0LABOPS1', ts: alert?.ts },
        dedupeKey: alert?.id,
        locale: 'en',
      },
    ]);

    health = { healthy: true, serving: { pod: 'mysql-6d4b9c7f5d-9fz2w', node: 'gke-gke-px-default-pool-177a3f0b-st0n' } };
    at(61 + 710);
    await watcher.checkAll();
    await watcher.checkAll();
    const finalReplies = slack.replies(alert?.ts as string);
    expect(finalReplies.filter((text) => text.startsWith('Recovered'))).toHaveLength(1);
    expect(finalReplies.at(-1)).toContain('`mysql-6d4b9c7f5d-9fz2w` is Ready on node `gke-gke-px-default-pool-177a3f0b-st0n`');
    const updates = slack.calls.filter((call) => call.method === 'update');
    expect(updates).toHaveLength(1);
    expect(updates[0]?.args.ts).toBe(alert?.ts);
    expect(JSON.stringify(updates[0]?.args.blocks)).not.toContain(HEALTH_FAILOVER_ACTION);
    expect(updates[0]?.args.metadata?.event_payload['state']).toBe('recovered');
    expect(await store.get('orders-db')).toBeUndefined();
  });

  it('tells once when the cluster is unreadable', async () => {
    let reachable = false;
    const { watcher: readable } = await leader(async () => {
      if (!reachable) throw new Error('connect ECONNREFUSED 127.0.0.1:6443');
      return health;
    });

    at(0);
    await readable.checkAll();
    at(59);
    await readable.checkAll();
    expect(slack.calls).toHaveLength(0);

    at(61);
    await readable.checkAll();
    at(120);
    await readable.checkAll();
    const notices = slack.parents().map((call) => call.args.text ?? '');
    expect(notices).toHaveLength(1);
    expect(notices[0]).toContain('cannot read the cluster of target `orders-db` since 2026-12-04T22:00:00.000Z');
    expect(notices[0]).toContain('ECONNREFUSED');

    reachable = true;
    at(130);
    await readable.checkAll();
    await readable.checkAll();
    const after = slack.parents().map((call) => call.args.text ?? '');
    expect(after).toHaveLength(2);
    expect(after[1]).toContain('can read the cluster of target `orders-db` again');
  });

  it('says nothing after a short read outage', async () => {
    let reachable = false;
    const { watcher: readable } = await leader(async () => {
      if (!reachable) throw new Error('connect ECONNREFUSED 127.0.0.1:6443');
      return health;
    });
    at(0);
    await readable.checkAll();
    reachable = true;
    at(30);
    await readable.checkAll();
    expect(slack.calls).toHaveLength(0);
  });

  it('new leader continues the open alert', async () => {
    const first = await leader();
    health = { healthy: false, pods: [STUCK_POD], since: STUCK_POD.since };
    at(61);
    await first.watcher.checkAll();
    const alert = await first.store.get('orders-db');

    const second = await leader();
    at(70);
    await first.watcher.checkAll();
    await second.watcher.checkAll();
    expect(slack.parents()).toHaveLength(1);

    health = { healthy: true, serving: { pod: 'mysql-6d4b9c7f5d-9fz2w', node: 'gke-gke-px-default-pool-177a3f0b-st0n' } };
    at(80);
    await first.watcher.checkAll();
    expect(await second.store.get('orders-db')).toEqual(alert);
    await second.watcher.checkAll();
    expect(slack.replies(alert?.ts as string).filter((text) => text.startsWith('Recovered'))).toHaveLength(1);
    expect(await second.store.get('orders-db')).toBeUndefined();
  });

  it('no alert while target is locked', async () => {
    const { watcher, store } = await leader();
    health = { healthy: false, pods: [STUCK_POD], since: STUCK_POD.since };
    lockHolder = { jobId: 'failover-1', operation: 'failover', requestedBy: 'U0LABONC1', since: new Date(START) } as LockHolder;

    at(120);
    await watcher.checkAll();
    expect(slack.calls).toHaveLength(0);
    expect(await store.get('orders-db')).toBeUndefined();

    lockHolder = undefined;
    at(121);
    await watcher.checkAll();
    expect(slack.parents()).toHaveLength(1);
  });

  it('retries a failed alert post', async () => {
    const { watcher, store } = await leader();
    health = { healthy: false, pods: [STUCK_POD], since: STUCK_POD.since };
    slack.failNextPost = true;

    at(61);
    await watcher.checkAll();
    expect(slack.calls).toHaveLength(0);
    const pending = await store.get('orders-db');
    expect(pending?.ts).toBeUndefined();

    at(62);
    await watcher.checkAll();
    await watcher.checkAll();
    expect(slack.parents()).toHaveLength(1);
    expect((await store.get('orders-db'))?.id).toBe(pending?.id);
  });

  it('measures from first sighting without conditions', async () => {
    const { watcher } = await leader();
    health = { healthy: false, pods: [], since: undefined };

    at(10);
    await watcher.checkAll();
    at(69);
    await watcher.checkAll();
    expect(slack.calls).toHaveLength(0);
    at(70);
    await watcher.checkAll();
    expect(slack.parents()).toHaveLength(1);
    expect(JSON.stringify(slack.parents()[0]?.args.blocks)).toContain('Deployment `mysql` has no pods.');
  });

  it('closes alert when scaled to zero', async () => {
    const { watcher, store } = await leader();
    health = { healthy: false, pods: [STUCK_POD], since: STUCK_POD.since };
    at(61);
    await watcher.checkAll();
    const alert = await store.get('orders-db');

    health = { healthy: true, serving: undefined };
    at(70);
    await watcher.checkAll();
    expect(slack.replies(alert?.ts as string)).toEqual(['Closed: Deployment `mysql` was scaled to zero, 9 s after the alert.']);
    const update = slack.calls.find((call) => call.method === 'update');
    expect(JSON.stringify(update?.args.blocks)).toContain('Deployment `mysql` was scaled to zero');
    expect(JSON.stringify(update?.args.blocks)).not.toContain(HEALTH_FAILOVER_ACTION);
    expect(await store.get('orders-db')).toBeUndefined();
  });

  it('change and escalation in one check', async () => {
    const { watcher, store } = await leader();
    health = { healthy: false, pods: [STUCK_POD], since: STUCK_POD.since };
    at(61);
    await watcher.checkAll();
    const alert = await store.get('orders-db');

    health = { healthy: false, pods: [{ ...STUCK_POD, terminating: true }], since: STUCK_POD.since };
    at(61 + 600);
    await watcher.checkAll();
    at(61 + 601);
    await watcher.checkAll();

    expect(incidents).toHaveLength(1);
    const replies = slack.replies(alert?.ts as string);
    expect(replies.filter((text) => text.includes('state changed'))).toHaveLength(1);
    expect(replies.filter((text) => text.includes('incident channel was requested'))).toHaveLength(1);
    const stored = await store.get('orders-db');
    expect(stored?.pods[0]?.terminating).toBe(true);
    expect(stored?.incidentRequestedAt).toBe(new Date(START + 661_000).toISOString());
  });
});
