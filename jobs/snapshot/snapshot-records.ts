import { CoreV1Api, type KubeConfig } from '@kubernetes/client-node';
import type { TargetConfig } from '../../src/config/targets-schema.js';
import { isNotFound, toKubeError } from '../../src/kube/kube-errors.js';
import {
  listVolumeSnapshots,
  readVolumeSnapshot,
  SNAPSHOT_ANNOTATIONS,
  snapshotClaimName,
  snapshotClient,
  snapshotStatusOf,
  type SnapshotApi,
  type VolumeSnapshotObject,
} from '../../src/kube/volume-snapshots.js';
import type { Fingerprint } from '../../src/mysql/fingerprint.js';

/** Summary of one VolumeSnapshot of either API, with the annotations that pxmysql wrote on it. */
export interface SnapshotRecord {
  name: string;
  api: SnapshotApi;
  /** Source PVC. */
  pvc: string | undefined;
  ready: boolean;
  /** Size of a volume restored from it: CSI `status.restoreSize`, or for STORK the source PVC's capacity. */
  restoreSize: string | undefined;
  /** Fingerprint from the `pxmysql.io/fingerprint` annotation; undefined when missing or invalid. */
  fingerprint: Fingerprint | undefined;
  /** ISO time the snapshot was cut (CSI `status.creationTime`) or, failing that, the object's creation time. */
  createdAt: string | undefined;
  /** The snapshot controller's error, if it reported one. */
  error: string | undefined;
  /** Job id from the `pxmysql.io/created-by-job` annotation. */
  createdByJob: string | undefined;
}

/**
 * Reads the VolumeSnapshot `name` from the CSI API, else from the STORK API. Returns undefined
 * when neither has it.
 */
export async function readSnapshotRecord(kubeConfig: KubeConfig, namespace: string, name: string): Promise<SnapshotRecord | undefined> {
  const custom = snapshotClient(kubeConfig);
  for (const api of ['csi', 'stork'] as const) {
    const snapshot = await readVolumeSnapshot(custom, api, namespace, name);
    if (snapshot === undefined) continue;
    const capacities = api === 'stork' ? await claimCapacities(kubeConfig, namespace, [snapshotClaimName(api, snapshot)]) : new Map<string, string>();
    return toRecord(api, snapshot, capacities);
  }
  return undefined;
}

/** Lists the snapshots of the target's PVC from both APIs, newest first. */
export async function listSnapshots(kubeConfig: KubeConfig, target: TargetConfig): Promise<SnapshotRecord[]> {
  const custom = snapshotClient(kubeConfig);
  const [csi, stork] = await Promise.all([
    listVolumeSnapshots(custom, 'csi', target.namespace),
    listVolumeSnapshots(custom, 'stork', target.namespace),
  ]);
  const ofClaim = (api: SnapshotApi, snapshot: VolumeSnapshotObject): boolean => snapshotClaimName(api, snapshot) === target.pvc;
  const storkOfClaim = stork.filter((snapshot) => ofClaim('stork', snapshot));
  const capacities = storkOfClaim.length > 0 ? await claimCapacities(kubeConfig, target.namespace, [target.pvc]) : new Map<string, string>();

  const records = [
    ...csi.filter((snapshot) => ofClaim('csi', snapshot)).map((snapshot) => toRecord('csi', snapshot, capacities)),
    ...storkOfClaim.map((snapshot) => toRecord('stork', snapshot, capacities)),
  ];
  return records.sort((left, right) => timeOf(right.createdAt) - timeOf(left.createdAt) || left.name.localeCompare(right.name));
}

/**
 * Parses the `pxmysql.io/fingerprint` annotation. Returns undefined for a missing value or one
 * that is not a Fingerprint, so a hand-edited annotation never breaks a listing.
 */
export function parseFingerprintAnnotation(value: string | undefined): Fingerprint | undefined {
  if (value === undefined) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const candidate = parsed as { databases?: unknown; tables?: unknown };
  if (!Array.isArray(candidate.databases) || !candidate.databases.every((database) => typeof database === 'string')) return undefined;
  if (!Array.isArray(candidate.tables) || !candidate.tables.every(isTableFingerprint)) return undefined;
  return parsed as Fingerprint;
}

function isTableFingerprint(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const table = value as Record<string, unknown>;
  return typeof table.database === 'string' && typeof table.table === 'string' && typeof table.rowCount === 'number' && (table.checksum === null || typeof table.checksum === 'string');
}

function toRecord(api: SnapshotApi, snapshot: VolumeSnapshotObject, capacities: ReadonlyMap<string, string>): SnapshotRecord {
  const annotations = snapshot.metadata?.annotations ?? {};
  const status = snapshotStatusOf(api, snapshot);
  const pvc = snapshotClaimName(api, snapshot);
  let restoreSize: string | undefined;
  if (api === 'csi') restoreSize = snapshot.status?.restoreSize;
  else if (pvc !== undefined) restoreSize = capacities.get(pvc);
  return {
    name: snapshot.metadata?.name ?? '',
    api,
    pvc,
    ready: status.ready,
    restoreSize,
    fingerprint: parseFingerprintAnnotation(annotations[SNAPSHOT_ANNOTATIONS.fingerprint]),
    createdAt: (api === 'csi' ? snapshot.status?.creationTime : undefined) ?? snapshot.metadata?.creationTimestamp,
    error: status.error,
    createdByJob: annotations[SNAPSHOT_ANNOTATIONS.createdByJob],
  };
}

/** Reads `status.capacity.storage` of each named PVC; a missing PVC is left out. */
async function claimCapacities(kubeConfig: KubeConfig, namespace: string, names: Array<string | undefined>): Promise<Map<string, string>> {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const capacities = new Map<string, string>();
  for (const name of new Set(names)) {
    if (name === undefined) continue;
    try {
      const claim = await core.readNamespacedPersistentVolumeClaim({ name, namespace });
      const storage = claim.status?.capacity?.storage;
      if (storage !== undefined) capacities.set(name, storage);
    } catch (error) {
      if (!isNotFound(error)) throw toKubeError(error, `PVC ${namespace}/${name}`);
    }
  }
  return capacities;
}

function timeOf(iso: string | undefined): number {
  const time = iso === undefined ? Number.NaN : Date.parse(iso);
  return Number.isNaN(time) ? 0 : time;
}
