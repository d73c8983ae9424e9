import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AppConfig } from '../../src/config/app-config.js';
import type { DeclaredSchedule } from '../../src/config/targets-schema.js';
import type { KubeObject } from '../../src/lab/apiserver/kube-object.js';
import { LAB_TARGET } from '../../src/lab/launcher/lab-targets.js';
import type { LabMessage } from '../../src/lab/slack/message-types.js';
import { RESOURCES } from '../../src/lab/storage/storage-names.js';
import { startBot, type RunningBot } from '../../src/runtime/start-bot.js';
import { TargetClusters } from '../../src/runtime/target-clusters.js';
import { checkMissedWindows } from '../../src/schedules/missed-window-checker.js';
import { ScheduleStore } from '../../src/schedules/schedule-store.js';
import { SCHEDULE_ANNOTATION } from '../../jobs/scheduled-snapshot/scheduled-snapshots.js';
import { OPS_CHANNEL, waitFor } from '../support/lab-approvals.js';
import { startTestLab, type TestLab } from '../support/test-lab.js';

const SCHEDULE_ID = `snapshot-${LAB_TARGET}`;
/** Every 5 seconds: long enough for one lab snapshot, so runs seldom meet the target lock. */
const EVERY_FIVE_SECONDS = '*/5 * * * * *';

/**
 * Returns the lab's config with schedule settings fit for a test: runs may be 1 s apart, the
 * missed-window check runs every second with 1 s of grace, and a snapshot not ready in 5 s fails.
 */
function testConfig(base: AppConfig, declared: DeclaredSchedule[] = []): AppConfig {
  const target = base.targets[LAB_TARGET];
  if (target === undefined) throw new Error(`the lab has no target ${LAB_TARGET}`);
  return {
    ...base,
    schedules: { minIntervalMs: 1_000, checkIntervalMs: 1_000, alertGraceMs: 1_000 },
    targets: { [LAB_TARGET]: { ...target, snapshots: { ...target.snapshots, readyTimeoutSeconds: 5 }, schedules: declared } },
  };
}

/** Returns the scheduled VolumeSnapshots of the lab target from the lab's object store. */
function scheduledSnapshots(lab: TestLab): KubeObject[] {
  return lab.lab.cluster.store
    .list(RESOURCES.csiSnapshots, { namespace: 'default' })
    .items.filter((snapshot) => snapshot.metadata.annotations?.[SCHEDULE_ANNOTATION] === SCHEDULE_ID && snapshot.metadata.deletionTimestamp === undefined);
}

/** Parent messages of scheduled-snapshot runs in the ops channel that ended in `state`. */
function notices(lab: TestLab, state: 'succeeded' | 'failed'): LabMessage[] {
  return lab.lab.slack.messages
    .list(OPS_CHANNEL)
    .filter((message) => message.metadata?.event_payload['operation'] === 'scheduled-snapshot' && message.metadata.event_payload['state'] === state);
}

/** Replies in a message's thread. */
function threadReplies(lab: TestLab, parent: LabMessage): LabMessage[] {
  return lab.lab.slack.messages.list(OPS_CHANNEL).filter((message) => message.thread_ts === parent.ts && message.ts !== parent.ts);
}

describe('scheduled snapshots on the lab', () => {
  let lab: TestLab;
  let bot: RunningBot | undefined;
  let redis: Redis;
  let queue: Queue;

  beforeAll(async () => {
    lab = await startTestLab({ delivery: 'socket', snapshotApi: 'csi', bot: false });
    bot = await startBot(testConfig(lab.lab.config), lab.logs.logger);
    redis = new Redis(lab.lab.config.redis.url, { maxRetriesPerRequest: null });
    queue = new Queue(lab.lab.config.queue.name, { connection: redis });
  }, 120_000);

  afterAll(async () => {
    await bot?.stop();
    await queue?.close();
    redis?.disconnect();
    await lab?.stop();
  });

  it('keeps at most two and posts one notice per run', { timeout: 120_000 }, async () => {
    const created = await lab.send('oncall', `/pxmysql schedule snapshot ${LAB_TARGET} "${EVERY_FIVE_SECONDS}" --keep 2`);
    expect(created.output).toContain('Created schedule');
    expect(created.code).toBe(0);

    const counts: number[] = [];
    let seen = 0;
    await waitFor(
      'four successful scheduled snapshots',
      () => {
        const succeeded = notices(lab, 'succeeded');
        // Counted when a notice arrives: retention has finished and the next run has not cut yet.
        if (succeeded.length > seen) {
          seen = succeeded.length;
          counts.push(scheduledSnapshots(lab).filter((snapshot) => snapshot.status?.readyToUse === true).length);
        }
        return succeeded.length >= 4;
      },
      90_000,
    );

    expect(Math.max(...counts)).toBeLessThanOrEqual(2);
    expect(scheduledSnapshots(lab).length).toBeLessThanOrEqual(3);
    const latest = notices(lab, 'succeeded').at(-1) as LabMessage;
    expect(latest.text).toContain('keeps 2 snapshot(s)');
    expect(latest.text).toMatch(/deleted: `px-mysql-pvc-scheduled-\d{8}-\d{6}`/);
    expect(threadReplies(lab, latest)).toHaveLength(0);

    const listed = await lab.send('viewer', '/pxmysql schedules');
    expect(listed.output).toContain(SCHEDULE_ID);
    expect(listed.output).toContain(EVERY_FIVE_SECONDS);
  });

  it('rejects a viewer and a bad time zone', { timeout: 30_000 }, async () => {
    const denied = await lab.send('viewer', `/pxmysql unschedule ${SCHEDULE_ID}`);
    expect(denied.code).toBe(1);
    expect(await queue.getJobScheduler(SCHEDULE_ID)).toBeDefined();

    const badZone = await lab.send('oncall', `/pxmysql schedule snapshot "${EVERY_FIVE_SECONDS}" --tz Mars/Olympus`);
    expect(badZone.output).toContain('Mars/Olympus');
    expect(badZone.code).toBe(1);
  });

  it('keeps the newest ready snapshot when later runs fail', { timeout: 150_000 }, async () => {
    const replaced = await lab.send('oncall', `/pxmysql schedule snapshot "${EVERY_FIVE_SECONDS}" --keep 1`);
    expect(replaced.output).toContain('Replaced schedule');
    const before = notices(lab, 'succeeded').length;
    const lastGood = await waitFor(
      'a run with keep 1',
      () => {
        const latest = notices(lab, 'succeeded').slice(before).find((message) => message.text.includes('keeps 1 snapshot(s)'));
        return latest !== undefined && scheduledSnapshots(lab).length === 1 ? scheduledSnapshots(lab)[0] : undefined;
      },
      60_000,
    );
    const lastGoodName = lastGood.metadata.name as string;

    // Someone deletes the VolumeSnapshotClass while a run is cutting: the controller can never make
    // that snapshot ready, and every later run fails its class check.
    const store = lab.lab.cluster.store;
    const unsubscribe = store.subscribe((event) => {
      if (event.type !== 'ADDED' || event.object.metadata.annotations?.[SCHEDULE_ANNOTATION] !== SCHEDULE_ID) return;
      if (store.find(RESOURCES.csiSnapshotClasses, undefined, 'px-csi-snapclass') !== undefined) store.delete(RESOURCES.csiSnapshotClasses, undefined, 'px-csi-snapclass');
    });
    try {
      const failed = await waitFor('three failed runs', () => (notices(lab, 'failed').length >= 3 ? notices(lab, 'failed') : undefined), 90_000);
      const reasons = failed.flatMap((notice) => threadReplies(lab, notice).map((reply) => reply.text)).join('\n');
      expect(reasons).toContain('was not ready within 5 s');
      expect(reasons).toContain('px-csi-snapclass');
    } finally {
      unsubscribe();
    }

    const remaining = scheduledSnapshots(lab);
    const good = remaining.find((snapshot) => snapshot.metadata.name === lastGoodName);
    expect(good?.status?.readyToUse).toBe(true);
    expect(remaining.filter((snapshot) => snapshot.status?.readyToUse === true).map((snapshot) => snapshot.metadata.name)).toEqual([lastGoodName]);
    // Failed runs leave nothing behind; at most the snapshot of a run in progress is not ready.
    expect(remaining.filter((snapshot) => snapshot.status?.readyToUse !== true).length).toBeLessThanOrEqual(1);

    const alert = await waitFor('the missed-window alert', () => lab.lab.slack.messages.list(OPS_CHANNEL).find((message) => message.text.includes('No scheduled snapshot of')), 30_000);
    expect(alert.text).toContain(SCHEDULE_ID);
  });

  it('alerts a missed window once across replicas', { timeout: 30_000 }, async () => {
    const config = testConfig(lab.lab.config);
    const posted: string[] = [];
    const replica = () => ({
      schedules: new ScheduleStore(redis, config.queue.name, lab.logs.logger),
      redis,
      slack: { chat: { postMessage: async (message: { text: string }) => posted.push(message.text) } } as never,
      clusters: new TargetClusters(config),
      config,
      logger: lab.logs.logger,
      // An hour ahead: a window no bot process has alerted yet.
      now: () => Date.now() + 3_600_000,
    });
    const [first, second] = [replica(), replica()];
    try {
      const alerted = await Promise.all([checkMissedWindows(first), checkMissedWindows(second)]);
      expect(alerted.flat()).toEqual([SCHEDULE_ID]);
      expect(posted).toHaveLength(1);
    } finally {
      await first.schedules.close();
      await second.schedules.close();
    }
  });

  it('leaves one scheduler after three restarts', { timeout: 90_000 }, async () => {
    const declared: DeclaredSchedule[] = [{ kind: 'snapshot', cron: '0 3 * * *', timezone: 'Asia/Shanghai', keep: 3 }];
    for (let start = 0; start < 3; start += 1) {
      await bot?.stop();
      bot = undefined;
      bot = await startBot(testConfig(lab.lab.config, declared), lab.logs.logger);
    }

    const schedulers = await queue.getJobSchedulers(0, -1, true);
    expect(schedulers.map((scheduler) => scheduler.key)).toEqual([SCHEDULE_ID]);
    expect(schedulers[0]?.pattern).toBe('0 3 * * *');
    expect(schedulers[0]?.tz).toBe('Asia/Shanghai');
    const delayed = (await queue.getDelayed()).filter((job) => job.repeatJobKey === SCHEDULE_ID);
    expect(delayed).toHaveLength(1);

    const listed = await lab.send('viewer', '/pxmysql schedules');
    expect(listed.output).toContain('from the targets file');

    const removed = await lab.send('oncall', `/pxmysql unschedule ${SCHEDULE_ID}`);
    expect(removed.output).toContain('next bot start creates it again');
    expect(removed.code).toBe(0);
    expect(await queue.getJobSchedulers()).toEqual([]);
  });

  it('runs a scheduled restore drill', { timeout: 120_000 }, async () => {
    const drillId = `drill-${LAB_TARGET}`;
    const created = await lab.send('oncall', '/pxmysql schedule drill "*/15 * * * * *"');
    expect(created.code, created.output).toBe(0);
    expect(await queue.getJobScheduler(drillId)).toBeDefined();
    try {
      const ended = await waitFor(
        'a scheduled drill to end',
        () =>
          lab.lab.slack.messages
            .list(OPS_CHANNEL)
            .find((message) => message.metadata?.event_payload['operation'] === 'restore-drill' && ['succeeded', 'failed'].includes(String(message.metadata.event_payload['state']))),
        90_000,
      );
      const replies = threadReplies(lab, ended).map((reply) => reply.text).join('\n');
      expect(ended.metadata?.event_payload['state'], replies).toBe('succeeded');
      expect(replies).toContain('match the fingerprint recorded on the snapshot');
    } finally {
      const removed = await lab.send('oncall', `/pxmysql unschedule ${drillId}`);
      expect(removed.code, removed.output).toBe(0);
    }
    expect(await queue.getJobSchedulers()).toEqual([]);
  });
});
