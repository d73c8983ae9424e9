import type { KubeConfig } from '@kubernetes/client-node';
import type { TargetConfig } from '../../src/config/targets-schema.js';
import { isNotFound, toKubeError } from '../../src/kube/kube-errors.js';
import { listVolumeSnapshots, SNAPSHOT_GROUPS, snapshotClaimName, snapshotClient, snapshotStatusOf, type SnapshotApi } from '../../src/kube/volume-snapshots.js';
import type { RetentionCandidate } from './retention.js';

/** Annotation with the id of the schedule that took a VolumeSnapshot. Retention only touches snapshots that carry it. */
export const SCHEDULE_ANNOTATION = 'pxmysql.io/schedule';

/** A VolumeSnapshot taken by one schedule. */
export interface ScheduledSnapshot extends RetentionCandidate {
  api: SnapshotApi;
}

/**
 * Lists the VolumeSnapshots of the target's PVC that carry the schedule's annotation, from both
 * snapshot APIs, because the target's API may have changed since older runs.
 */
export async function listScheduledSnapshots(kubeConfig: KubeConfig, target: TargetConfig, scheduleId: string): Promise<ScheduledSnapshot[]> {
  const custom = snapshotClient(kubeConfig);
  const found: ScheduledSnapshot[] = [];
  for (const api of ['csi', 'stork'] as const) {
    for (const snapshot of await listVolumeSnapshots(custom, api, target.namespace)) {
      if (snapshot.metadata?.annotations?.[SCHEDULE_ANNOTATION] !== scheduleId) continue;
      if (snapshotClaimName(api, snapshot) !== target.pvc) continue;
      const created = Date.parse((api === 'csi' ? snapshot.status?.creationTime : undefined) ?? snapshot.metadata?.creationTimestamp ?? '');
      found.push({
        name: snapshot.metadata?.name ?? '',
        api,
        ready: snapshotStatusOf(api, snapshot).ready,
        createdAtMs: Number.isNaN(created) ? 0 : created,
      });
    }
  }
  return found;
}

/** Deletes a VolumeSnapshot; one that is already gone counts as deleted. */
export async function deleteScheduledSnapshot(kubeConfig: KubeConfig, namespace: string, snapshot: ScheduledSnapshot): Promise<void> {
  const group = SNAPSHOT_GROUPS[snapshot.api];
  try {
    await snapshotClient(kubeConfig).deleteNamespacedCustomObject({ group, version: 'v1', namespace, plural: 'volumesnapshots', name: snapshot.name });
  } catch (error) {
    if (isNotFound(error)) return;
    throw toKubeError(error, `deleting VolumeSnapshot ${namespace}/${snapshot.name} (${group})`);
  }
}
