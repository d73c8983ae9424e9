import { CoreV1Api, type CustomObjectsApi } from '@kubernetes/client-node';
import type { TargetConfig } from '../../src/config/targets-schema.js';
import { PxmysqlError } from '../../src/errors.js';
import { toKubeError } from '../../src/kube/kube-errors.js';
import { connectToTargetMysql, findTargetMysqlPod } from '../../src/kube/target-mysql.js';
import {
  createVolumeSnapshot,
  PORTWORX_CSI_DRIVER,
  readSnapshotClassDriver,
  readVolumeSnapshot,
  SNAPSHOT_ANNOTATIONS,
  snapshotClient,
  volumeSnapshotManifest,
  type SnapshotApi,
  type VolumeSnapshotObject,
} from '../../src/kube/volume-snapshots.js';
import type { MysqlConnection } from '../../src/mysql/connect.js';
import { takeFingerprint, type Fingerprint } from '../../src/mysql/fingerprint.js';
import { writeSentinel } from '../../src/mysql/sentinel.js';
import type { JobContext } from '../../src/runtime/job-context.js';
import { parseFingerprintAnnotation } from './snapshot-records.js';
import { snapshotError } from './snapshot-errors.js';
import { validateSnapshotName } from './snapshot-names.js';
import { waitForSnapshotCut, waitForSnapshotReady } from './wait-for-snapshot.js';

/** A ready snapshot taken by `takeSnapshot`. Plain JSON, so it can be stored in job data. */
export interface SnapshotResult {
  name: string;
  api: SnapshotApi;
  /** Fingerprint taken while writes were blocked (app-consistent) or just before the snapshot was created. */
  fingerprint: Fingerprint;
  /** ISO time written in the sentinel row of the job just before the snapshot. */
  sentinelAt: string;
  /** ISO time when the snapshot was seen ready. */
  readyAt: string;
  /** Size of a volume restored from the snapshot, as a Kubernetes quantity. */
  restoreSize: string | undefined;
  /** ISO time when this call started, or when the reused snapshot was created. */
  startedAt: string;
  /** True when FLUSH TABLES WITH READ LOCK was held until the storage had cut the snapshot. */
  lockedUntilCut: boolean;
  /** True when the snapshot already existed from an earlier run of the same job and was reused. */
  reused: boolean;
}

/** The snapshot to take: its name, the job that owns it and extra annotations to write on it. */
export interface SnapshotRequest {
  name: string;
  jobId: string;
  /** Added to pxmysql's own annotations, such as the id of the schedule that took it. */
  annotations?: Record<string, string>;
}

/** The parts of a JobContext that taking a snapshot uses, so the drop and restore jobs can call it with their own contexts. */
export type SnapshotContext = Pick<JobContext, 'target' | 'kubeConfig' | 'logger'>;

/** Intervals and deadlines of `takeSnapshot`, in milliseconds. */
export interface TakeSnapshotOptions {
  /** Interval between two reads of the snapshot while waiting for it to be ready. Default 1 000. */
  pollIntervalMs?: number;
  /** Maximum time the read lock is held waiting for the storage to cut the snapshot. Default 5 000. */
  cutTimeoutMs?: number;
  /** Connect timeout of the MySQL connection. Default 5 000. */
  connectTimeoutMs?: number;
  /** Clock in milliseconds since the epoch. Default `Date.now`. */
  now?: () => number;
}

interface ResolvedOptions {
  pollIntervalMs: number;
  cutTimeoutMs: number;
  connectTimeoutMs: number;
  now: () => number;
}

/**
 * Takes a VolumeSnapshot of the target's PVC with the API chosen in `target.snapshots`, and waits
 * until it is ready to use.
 *
 * It writes the job's sentinel row, takes the fingerprint of the user databases and creates the
 * VolumeSnapshot with the fingerprint, the sentinel time and the job id as annotations. With
 * `appConsistent`, one connection holds FLUSH TABLES WITH READ LOCK from before the fingerprint
 * until the storage has cut the snapshot (at most `cutTimeoutMs`), and the lock is released on
 * every path, including errors. A snapshot of that name created by the same job id is reused, so
 * a resumed job creates one snapshot only. Throws `snapshot_exists` for a name taken otherwise,
 * and `snapshot_not_ready` with the controller's error and the snapshot's events when it is not
 * ready within `readyTimeoutSeconds`.
 */
export async function takeSnapshot(context: SnapshotContext, request: SnapshotRequest, options: TakeSnapshotOptions = {}): Promise<SnapshotResult> {
  const settings: ResolvedOptions = {
    pollIntervalMs: options.pollIntervalMs ?? 1_000,
    cutTimeoutMs: options.cutTimeoutMs ?? 5_000,
    connectTimeoutMs: options.connectTimeoutMs ?? 5_000,
    now: options.now ?? Date.now,
  };
  const { target, kubeConfig, logger } = context;
  const { name, jobId } = request;
  validateSnapshotName(name);
  const api = target.snapshots.api;
  const custom = snapshotClient(kubeConfig);

  const existing = await readVolumeSnapshot(custom, api, target.namespace, name);
  if (existing !== undefined) return await reuseSnapshot(context, custom, existing, request, settings);

  if (api === 'csi') await requirePortworxSnapshotClass(custom, target);

  const startedAt = new Date(settings.now());
  const pod = await findTargetMysqlPod(kubeConfig, target);
  const connection = await connectToTargetMysql(kubeConfig, target, pod, { connectTimeoutMs: settings.connectTimeoutMs, logger });
  let cut: { fingerprint: Fingerprint; sentinelAt: string; lockedUntilCut: boolean };
  try {
    cut = await cutSnapshot(context, custom, connection, request, settings);
  } finally {
    await closeConnection(connection, context);
  }
  logger.info({ snapshot: name, api, pod: pod.name, lockedUntilCut: cut.lockedUntilCut }, 'created VolumeSnapshot');

  const ready = await waitForSnapshotReady(context, custom, name, settings);
  return {
    name,
    api,
    fingerprint: cut.fingerprint,
    sentinelAt: cut.sentinelAt,
    readyAt: ready.readyAt,
    restoreSize: await restoreSizeOf(context, ready.snapshot),
    startedAt: startedAt.toISOString(),
    lockedUntilCut: cut.lockedUntilCut,
    reused: false,
  };
}

/**
 * Writes the sentinel row, then takes the fingerprint and creates the VolumeSnapshot. With
 * `appConsistent`, both happen under FLUSH TABLES WITH READ LOCK, which is released as soon as the
 * snapshot is cut, when waiting for the cut times out, or when any step fails.
 */
async function cutSnapshot(
  context: SnapshotContext,
  custom: CustomObjectsApi,
  connection: MysqlConnection,
  request: SnapshotRequest,
  settings: ResolvedOptions,
): Promise<{ fingerprint: Fingerprint; sentinelAt: string; lockedUntilCut: boolean }> {
  const { target, logger } = context;
  const at = new Date(settings.now());
  await writeSentinel(connection, { jobId: request.jobId, at, note: `snapshot ${request.name} of ${target.name}` });
  const sentinelAt = at.toISOString();

  if (!target.snapshots.appConsistent) {
    // NOTE: without the lock, writes between the fingerprint and the cut are in the snapshot but not in the fingerprint.
    const fingerprint = await takeFingerprint(connection);
    const created = await createSnapshotObject(context, custom, request, fingerprint, sentinelAt);
    logger.debug({ snapshot: created.metadata?.name }, 'created VolumeSnapshot without a read lock');
    return { fingerprint, sentinelAt, lockedUntilCut: false };
  }

  await connection.query('FLUSH TABLES WITH READ LOCK');
  const lockedAt = settings.now();
  try {
    const fingerprint = await takeFingerprint(connection);
    await createSnapshotObject(context, custom, request, fingerprint, sentinelAt);
    const lockedUntilCut = await waitForSnapshotCut(context, custom, request.name, settings);
    return { fingerprint, sentinelAt, lockedUntilCut };
  } finally {
    await connection.query('UNLOCK TABLES').catch((error: unknown) => {
      // Closing the connection right after ends the session, and with it the lock.
      logger.warn({ err: error, snapshot: request.name }, 'UNLOCK TABLES failed; closing the connection releases the lock');
    });
    logger.info({ snapshot: request.name, lockHeldMs: settings.now() - lockedAt }, 'released FLUSH TABLES WITH READ LOCK');
  }
}

async function createSnapshotObject(
  context: SnapshotContext,
  custom: CustomObjectsApi,
  request: SnapshotRequest,
  fingerprint: Fingerprint,
  sentinelAt: string,
): Promise<VolumeSnapshotObject> {
  const { target } = context;
  const manifest = volumeSnapshotManifest({
    api: target.snapshots.api,
    namespace: target.namespace,
    name: request.name,
    pvc: target.pvc,
    volumeSnapshotClass: target.snapshots.volumeSnapshotClass,
    annotations: {
      ...request.annotations,
      [SNAPSHOT_ANNOTATIONS.fingerprint]: JSON.stringify(fingerprint),
      [SNAPSHOT_ANNOTATIONS.sentinelAt]: sentinelAt,
      [SNAPSHOT_ANNOTATIONS.createdByJob]: request.jobId,
    },
  });
  try {
    return await createVolumeSnapshot(custom, target.snapshots.api, manifest);
  } catch (error) {
    if (error instanceof PxmysqlError && error.code === 'kube_already_exists') throw existsError(target, request.name, undefined);
    throw error;
  }
}

/**
 * Continues with a snapshot that already exists. One created by the same job (a resumed job) is
 * waited for and returned with the fingerprint from its annotation. Any other one is rejected.
 */
async function reuseSnapshot(
  context: SnapshotContext,
  custom: CustomObjectsApi,
  existing: VolumeSnapshotObject,
  request: { name: string; jobId: string },
  settings: ResolvedOptions,
): Promise<SnapshotResult> {
  const { target, logger } = context;
  const annotations = existing.metadata?.annotations ?? {};
  const owner = annotations[SNAPSHOT_ANNOTATIONS.createdByJob];
  if (owner !== request.jobId) throw existsError(target, request.name, owner);

  const fingerprint = parseFingerprintAnnotation(annotations[SNAPSHOT_ANNOTATIONS.fingerprint]);
  const sentinelAt = annotations[SNAPSHOT_ANNOTATIONS.sentinelAt];
  if (fingerprint === undefined || sentinelAt === undefined) {
    throw new PxmysqlError('snapshot_annotations_invalid', `VolumeSnapshot ${target.namespace}/${request.name} of job ${request.jobId} has no valid ${SNAPSHOT_ANNOTATIONS.fingerprint} or ${SNAPSHOT_ANNOTATIONS.sentinelAt} annotation; delete it and run the snapshot again`);
  }
  logger.info({ snapshot: request.name, jobId: request.jobId }, 'reusing the VolumeSnapshot that this job created earlier');

  const ready = await waitForSnapshotReady(context, custom, request.name, settings);
  return {
    name: request.name,
    api: target.snapshots.api,
    fingerprint,
    sentinelAt,
    readyAt: ready.readyAt,
    restoreSize: await restoreSizeOf(context, ready.snapshot),
    startedAt: existing.metadata?.creationTimestamp ?? sentinelAt,
    // The earlier run held the lock, or failed before creating the snapshot; it cannot be checked now.
    lockedUntilCut: target.snapshots.appConsistent,
    reused: true,
  };
}

function existsError(target: TargetConfig, name: string, owner: string | undefined): PxmysqlError {
  const ownerText = owner === undefined ? 'not by pxmysql' : `by job ${owner}`;
  return snapshotError('snapshot_exists', 'snapshot.failed.exists', `VolumeSnapshot ${target.namespace}/${name} already exists, created ${ownerText}; choose another name`, {
    name,
    namespace: target.namespace,
    owner: owner ?? '-',
  });
}

/** Checks that the target's VolumeSnapshotClass exists and serves Portworx CSI volumes. */
async function requirePortworxSnapshotClass(custom: CustomObjectsApi, target: TargetConfig): Promise<void> {
  const className = target.snapshots.volumeSnapshotClass;
  const snapshotClass = await readSnapshotClassDriver(custom, className);
  if (snapshotClass === undefined) {
    throw snapshotError('snapshot_class_missing', 'snapshot.failed.classMissing', `VolumeSnapshotClass ${className} not found; create it for driver ${PORTWORX_CSI_DRIVER} or set snapshots.volumeSnapshotClass of target ${target.name}`, {
      className,
      target: target.name,
    });
  }
  if (snapshotClass.driver !== PORTWORX_CSI_DRIVER) {
    const driver = snapshotClass.driver ?? '(none)';
    throw snapshotError('snapshot_class_driver', 'snapshot.failed.classDriver', `VolumeSnapshotClass ${className} uses driver ${driver}, not ${PORTWORX_CSI_DRIVER}; set snapshots.volumeSnapshotClass of target ${target.name} to a Portworx class`, {
      className,
      driver,
      target: target.name,
    });
  }
}

/**
 * Returns the restore size: CSI `status.restoreSize`, or for STORK, which reports none, the
 * capacity of the source PVC, because a Portworx snapshot has the size of its source volume.
 */
async function restoreSizeOf(context: SnapshotContext, snapshot: VolumeSnapshotObject): Promise<string | undefined> {
  if (context.target.snapshots.api === 'csi') return snapshot.status?.restoreSize;
  const { target, kubeConfig } = context;
  const claimName = snapshot.spec?.persistentVolumeClaimName ?? target.pvc;
  const claim = await kubeConfig
    .makeApiClient(CoreV1Api)
    .readNamespacedPersistentVolumeClaim({ name: claimName, namespace: target.namespace })
    .catch((error: unknown) => Promise.reject(toKubeError(error, `PVC ${target.namespace}/${claimName}`)));
  return claim.status?.capacity?.storage;
}

async function closeConnection(connection: MysqlConnection, context: SnapshotContext): Promise<void> {
  try {
    await connection.end();
  } catch (error) {
    context.logger.warn({ err: error }, 'closing the MySQL connection failed; destroying it');
    connection.destroy();
  }
}

export { listSnapshots, readSnapshotRecord, type SnapshotRecord } from './snapshot-records.js';
