import type { CustomObjectsApi, CoreV1Event } from '@kubernetes/client-node';
import { setTimeout as sleep } from 'node:timers/promises';
import { PxmysqlError } from '../../src/errors.js';
import { listSnapshotEvents, readVolumeSnapshot, SNAPSHOT_GROUPS, snapshotStatusOf, type VolumeSnapshotObject } from '../../src/kube/volume-snapshots.js';
import { snapshotError } from './snapshot-errors.js';
import type { SnapshotContext } from './take-snapshot.js';

/** Maximum number of events quoted in a not-ready error, newest last. */
const MAX_QUOTED_EVENTS = 5;

interface WaitSettings {
  pollIntervalMs: number;
  cutTimeoutMs: number;
  now: () => number;
}

/**
 * Polls the new snapshot until the storage has cut it, it reports an error, or `cutTimeoutMs`
 * passes. Returns true only when the cut was seen. Polls every 100 ms at most, because the caller
 * holds a read lock that blocks every write of the database meanwhile.
 */
export async function waitForSnapshotCut(context: SnapshotContext, custom: CustomObjectsApi, name: string, settings: WaitSettings): Promise<boolean> {
  const { target, logger } = context;
  const api = target.snapshots.api;
  const deadline = settings.now() + settings.cutTimeoutMs;
  const interval = Math.min(settings.pollIntervalMs, 100);
  for (;;) {
    const snapshot = await readVolumeSnapshot(custom, api, target.namespace, name);
    const status = snapshot === undefined ? undefined : snapshotStatusOf(api, snapshot);
    if (status?.cut === true) return true;
    if (status?.error !== undefined) {
      logger.warn({ snapshot: name, error: status.error }, 'the snapshot reported an error before it was cut; releasing the read lock');
      return false;
    }
    if (settings.now() >= deadline) {
      logger.warn({ snapshot: name, cutTimeoutMs: settings.cutTimeoutMs }, 'the snapshot was not cut in time; releasing the read lock');
      return false;
    }
    await sleep(interval);
  }
}

/**
 * Polls the snapshot until it is ready to use (CSI `status.readyToUse`, STORK Ready condition)
 * and returns it with the time it was seen ready. Throws `snapshot_not_ready` after
 * `target.snapshots.readyTimeoutSeconds` with the controller's error and the snapshot's events,
 * and `snapshot_deleted` when the snapshot disappears meanwhile.
 */
export async function waitForSnapshotReady(
  context: SnapshotContext,
  custom: CustomObjectsApi,
  name: string,
  settings: WaitSettings,
): Promise<{ snapshot: VolumeSnapshotObject; readyAt: string }> {
  const { target } = context;
  const api = target.snapshots.api;
  const timeoutSeconds = target.snapshots.readyTimeoutSeconds;
  const deadline = settings.now() + timeoutSeconds * 1_000;
  for (;;) {
    const snapshot = await readVolumeSnapshot(custom, api, target.namespace, name);
    if (snapshot === undefined) {
      throw snapshotError('snapshot_deleted', 'snapshot.failed.deleted', `VolumeSnapshot ${target.namespace}/${name} was deleted while waiting for it to be ready`, { name });
    }
    const status = snapshotStatusOf(api, snapshot);
    if (status.ready) return { snapshot, readyAt: new Date(settings.now()).toISOString() };
    if (settings.now() >= deadline) throw await notReadyError(context, snapshot, name, status.error);
    await sleep(settings.pollIntervalMs);
  }
}

async function notReadyError(context: SnapshotContext, snapshot: VolumeSnapshotObject, name: string, error: string | undefined): Promise<PxmysqlError> {
  const { target, kubeConfig, logger } = context;
  let events: CoreV1Event[] = [];
  try {
    events = await listSnapshotEvents(kubeConfig, target.namespace, name, snapshot.metadata?.uid);
  } catch (listError) {
    logger.warn({ err: listError, snapshot: name }, 'cannot list the events of the snapshot for the error message');
  }
  const eventText = events.length === 0 ? 'none' : events.slice(-MAX_QUOTED_EVENTS).map(describeEvent).join('; ');
  const reason = error ?? 'the snapshot controller reported no error';
  const seconds = target.snapshots.readyTimeoutSeconds;
  const group = SNAPSHOT_GROUPS[target.snapshots.api];
  return snapshotError(
    'snapshot_not_ready',
    'snapshot.failed.notReady',
    `VolumeSnapshot ${target.namespace}/${name} (${group}) was not ready within ${seconds} s: ${reason}. Events: ${eventText}`,
    { name, seconds, reason, events: eventText },
  );
}

function describeEvent(event: CoreV1Event): string {
  return `${event.type ?? 'Normal'} ${event.reason ?? ''}: ${event.message ?? ''}`.trim();
}
