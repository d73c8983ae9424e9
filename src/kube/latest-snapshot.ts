import { CustomObjectsApi, type KubeConfig } from '@kubernetes/client-node';
import { isNotFound, toKubeError } from './kube-errors.js';

/** A ready snapshot of a PVC, from either snapshot API. */
export interface SnapshotSummary {
  name: string;
  api: 'csi' | 'stork';
  createdAt: Date;
}

interface SnapshotObject {
  metadata?: { name?: string; creationTimestamp?: string };
  spec?: { source?: { persistentVolumeClaimName?: string }; persistentVolumeClaimName?: string };
  status?: { readyToUse?: boolean; creationTime?: string; conditions?: Array<{ type?: string; status?: string }> };
}

/**
 * Finds the newest ready snapshot of a PVC among CSI `snapshot.storage.k8s.io/v1` and STORK
 * `volumesnapshot.external-storage.k8s.io/v1` VolumeSnapshots. An API that the cluster does not
 * serve counts as having no snapshots.
 */
export async function findLatestSnapshot(kubeConfig: KubeConfig, namespace: string, pvc: string): Promise<SnapshotSummary | undefined> {
  const custom = kubeConfig.makeApiClient(CustomObjectsApi);
  const [csi, stork] = await Promise.all([
    listSnapshots(custom, namespace, 'snapshot.storage.k8s.io'),
    listSnapshots(custom, namespace, 'volumesnapshot.external-storage.k8s.io'),
  ]);

  const candidates: SnapshotSummary[] = [];
  for (const item of csi) {
    if (item.spec?.source?.persistentVolumeClaimName !== pvc || item.status?.readyToUse !== true) continue;
    candidates.push({ name: item.metadata?.name ?? '', api: 'csi', createdAt: new Date(item.status.creationTime ?? item.metadata?.creationTimestamp ?? 0) });
  }
  for (const item of stork) {
    const ready = item.status?.conditions?.some((condition) => condition.type === 'Ready' && condition.status === 'True') ?? false;
    if (item.spec?.persistentVolumeClaimName !== pvc || !ready) continue;
    candidates.push({ name: item.metadata?.name ?? '', api: 'stork', createdAt: new Date(item.metadata?.creationTimestamp ?? 0) });
  }
  return candidates.sort((a, b) => b.createdAt.getTime() - a.createdAt.getTime())[0];
}

async function listSnapshots(custom: CustomObjectsApi, namespace: string, group: string): Promise<SnapshotObject[]> {
  try {
    const list = (await custom.listNamespacedCustomObject({ group, version: 'v1', namespace, plural: 'volumesnapshots' })) as { items?: SnapshotObject[] };
    return list.items ?? [];
  } catch (error) {
    if (isNotFound(error)) return [];
    throw toKubeError(error, `VolumeSnapshots (${group}) in ${namespace}`);
  }
}
