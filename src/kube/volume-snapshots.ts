import { ApiException, CoreV1Api, CustomObjectsApi, type CoreV1Event, type KubeConfig } from '@kubernetes/client-node';
import { PxmysqlError } from '../errors.js';
import { isNotFound, toKubeError } from './kube-errors.js';

/** The two VolumeSnapshot APIs that pxmysql supports. */
export type SnapshotApi = 'csi' | 'stork';

/** API groups of the CSI (`snapshot.storage.k8s.io`) and STORK (`volumesnapshot.external-storage.k8s.io`) VolumeSnapshots. Both are served as `v1`. */
export const SNAPSHOT_GROUPS: Readonly<Record<SnapshotApi, string>> = {
  csi: 'snapshot.storage.k8s.io',
  stork: 'volumesnapshot.external-storage.k8s.io',
};

/** Driver of Portworx CSI volumes, which a VolumeSnapshotClass for them must name. */
export const PORTWORX_CSI_DRIVER = 'pxd.portworx.com';

/** Annotations that pxmysql writes on the VolumeSnapshots it creates. */
export const SNAPSHOT_ANNOTATIONS = {
  /** JSON of the Fingerprint taken while the snapshot was cut. */
  fingerprint: 'pxmysql.io/fingerprint',
  /** ISO time written in the sentinel row just before the snapshot. */
  sentinelAt: 'pxmysql.io/sentinel-at',
  /** Id of the job that created the snapshot. */
  createdByJob: 'pxmysql.io/created-by-job',
} as const;

interface SnapshotCondition {
  type?: string;
  status?: string;
  message?: string;
  reason?: string;
}

/** The fields pxmysql reads from a VolumeSnapshot of either API. */
export interface VolumeSnapshotObject {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; uid?: string; creationTimestamp?: string; annotations?: Record<string, string> };
  spec?: {
    /** CSI: the source claim. */
    source?: { persistentVolumeClaimName?: string };
    volumeSnapshotClassName?: string;
    /** STORK: the source claim. */
    persistentVolumeClaimName?: string;
    /** STORK: the VolumeSnapshotData that refers to the cut Portworx snapshot. */
    snapshotDataName?: string;
  };
  status?: {
    readyToUse?: boolean;
    creationTime?: string;
    restoreSize?: string;
    boundVolumeSnapshotContentName?: string;
    error?: { message?: string; time?: string };
    /** STORK: a Ready condition when cut, an Error condition when it cannot be cut. */
    conditions?: SnapshotCondition[];
  };
}

/** Status fields of a VolumeSnapshot, reduced to what both APIs report. */
export interface SnapshotStatus {
  ready: boolean;
  /** True once the storage has cut the snapshot, even if it is not ready to use yet. */
  cut: boolean;
  /** The error that the snapshot controller reported, if any. */
  error: string | undefined;
}

export function snapshotClient(kubeConfig: KubeConfig): CustomObjectsApi {
  return kubeConfig.makeApiClient(CustomObjectsApi);
}

/** Reads a VolumeSnapshot of one API, or returns undefined when it or the API does not exist. */
export async function readVolumeSnapshot(custom: CustomObjectsApi, api: SnapshotApi, namespace: string, name: string): Promise<VolumeSnapshotObject | undefined> {
  try {
    const group = SNAPSHOT_GROUPS[api];
    return (await custom.getNamespacedCustomObject({ group, version: 'v1', namespace, plural: 'volumesnapshots', name })) as VolumeSnapshotObject;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw toKubeError(error, `VolumeSnapshot ${namespace}/${name} (${SNAPSHOT_GROUPS[api]})`);
  }
}

/** Lists the VolumeSnapshots of one API in a namespace. An API that the cluster does not serve has none. */
export async function listVolumeSnapshots(custom: CustomObjectsApi, api: SnapshotApi, namespace: string): Promise<VolumeSnapshotObject[]> {
  const group = SNAPSHOT_GROUPS[api];
  try {
    const list = (await custom.listNamespacedCustomObject({ group, version: 'v1', namespace, plural: 'volumesnapshots' })) as { items?: VolumeSnapshotObject[] };
    return list.items ?? [];
  } catch (error) {
    if (isNotFound(error)) return [];
    throw toKubeError(error, `VolumeSnapshots (${group}) in ${namespace}`);
  }
}

/** Builds a VolumeSnapshot of a claim for either API, with pxmysql's annotations. */
export function volumeSnapshotManifest(input: {
  api: SnapshotApi;
  namespace: string;
  name: string;
  pvc: string;
  volumeSnapshotClass: string;
  annotations: Record<string, string>;
}): VolumeSnapshotObject {
  const metadata = { name: input.name, namespace: input.namespace, annotations: input.annotations, labels: { 'app.kubernetes.io/managed-by': 'pxmysql' } };
  if (input.api === 'csi') {
    return {
      apiVersion: `${SNAPSHOT_GROUPS.csi}/v1`,
      kind: 'VolumeSnapshot',
      metadata,
      spec: { volumeSnapshotClassName: input.volumeSnapshotClass, source: { persistentVolumeClaimName: input.pvc } },
    };
  }
  return { apiVersion: `${SNAPSHOT_GROUPS.stork}/v1`, kind: 'VolumeSnapshot', metadata, spec: { persistentVolumeClaimName: input.pvc } };
}

/** Creates a VolumeSnapshot. Throws `kube_already_exists` when the name is taken, and the usual Kubernetes errors otherwise. */
export async function createVolumeSnapshot(custom: CustomObjectsApi, api: SnapshotApi, manifest: VolumeSnapshotObject): Promise<VolumeSnapshotObject> {
  const namespace = manifest.metadata?.namespace ?? 'default';
  const what = `VolumeSnapshot ${namespace}/${manifest.metadata?.name ?? ''} (${SNAPSHOT_GROUPS[api]})`;
  try {
    return (await custom.createNamespacedCustomObject({ group: SNAPSHOT_GROUPS[api], version: 'v1', namespace, plural: 'volumesnapshots', body: manifest })) as VolumeSnapshotObject;
  } catch (error) {
    if (error instanceof ApiException && error.code === 409) {
      throw new PxmysqlError('kube_already_exists', `${what} already exists`, { kind: 'permanent', cause: error });
    }
    throw toKubeError(error, `creating ${what}`);
  }
}

/**
 * Reduces the status of a VolumeSnapshot. CSI: ready is `status.readyToUse`, cut is a ready
 * snapshot or one with `status.creationTime`. STORK: ready is a Ready condition with status True,
 * cut is a snapshot with `spec.snapshotDataName` (its VolumeSnapshotData exists).
 */
export function snapshotStatusOf(api: SnapshotApi, snapshot: VolumeSnapshotObject): SnapshotStatus {
  const status = snapshot.status;
  if (api === 'csi') {
    const ready = status?.readyToUse === true;
    return { ready, cut: ready || status?.creationTime !== undefined, error: status?.error?.message };
  }
  const conditions = status?.conditions ?? [];
  const ready = conditions.some((condition) => condition.type === 'Ready' && condition.status === 'True');
  const failed = conditions.find((condition) => condition.type !== 'Ready' && condition.status === 'True' && condition.message);
  return { ready, cut: ready || snapshot.spec?.snapshotDataName !== undefined, error: ready ? undefined : failed?.message };
}

/** Returns the source claim's name of a VolumeSnapshot of either API. */
export function snapshotClaimName(api: SnapshotApi, snapshot: VolumeSnapshotObject): string | undefined {
  return api === 'csi' ? snapshot.spec?.source?.persistentVolumeClaimName : snapshot.spec?.persistentVolumeClaimName;
}

/** Reads the driver of a VolumeSnapshotClass, or returns undefined when the class does not exist. */
export async function readSnapshotClassDriver(custom: CustomObjectsApi, name: string): Promise<{ driver: string | undefined } | undefined> {
  try {
    const snapshotClass = (await custom.getClusterCustomObject({ group: SNAPSHOT_GROUPS.csi, version: 'v1', plural: 'volumesnapshotclasses', name })) as { driver?: string };
    return { driver: snapshotClass.driver };
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw toKubeError(error, `VolumeSnapshotClass ${name}`);
  }
}

/**
 * Lists the core/v1 Events about one VolumeSnapshot, oldest first, as `kubectl describe` shows
 * them. Events are matched by kind and name, and by uid when one is given, because a snapshot
 * deleted and created again under the same name has a new uid.
 */
export async function listSnapshotEvents(kubeConfig: KubeConfig, namespace: string, name: string, uid?: string): Promise<CoreV1Event[]> {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const list = await core
    .listNamespacedEvent({ namespace })
    .catch((error: unknown) => Promise.reject(toKubeError(error, `events in ${namespace}`)));
  const events = list.items.filter((event) => {
    const involved = event.involvedObject;
    if (involved.kind !== 'VolumeSnapshot' || involved.name !== name) return false;
    return uid === undefined || involved.uid === undefined || involved.uid === uid;
  });
  return events.sort((left, right) => eventTime(left) - eventTime(right));
}

function eventTime(event: CoreV1Event): number {
  const time = event.lastTimestamp ?? event.eventTime ?? event.firstTimestamp ?? event.metadata.creationTimestamp;
  return time === undefined ? 0 : new Date(time).getTime();
}

/**
 * Returns the Portworx snapshot volume id behind a cut VolumeSnapshot: `status.snapshotHandle` of
 * the bound VolumeSnapshotContent (CSI) or `spec.portworxVolume.snapshotId` of the
 * VolumeSnapshotData (STORK). Returns undefined while the snapshot is not cut or the object is gone.
 */
export async function readSnapshotVolumeId(custom: CustomObjectsApi, api: SnapshotApi, snapshot: VolumeSnapshotObject): Promise<string | undefined> {
  const name = api === 'csi' ? snapshot.status?.boundVolumeSnapshotContentName : snapshot.spec?.snapshotDataName;
  if (name === undefined) return undefined;
  const plural = api === 'csi' ? 'volumesnapshotcontents' : 'volumesnapshotdatas';
  let object: { status?: { snapshotHandle?: string }; spec?: { portworxVolume?: { snapshotId?: string } } };
  try {
    object = (await custom.getClusterCustomObject({ group: SNAPSHOT_GROUPS[api], version: 'v1', plural, name })) as typeof object;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw toKubeError(error, `${plural}.${SNAPSHOT_GROUPS[api]} ${name}`);
  }
  const id = api === 'csi' ? object.status?.snapshotHandle : object.spec?.portworxVolume?.snapshotId;
  return id === undefined ? undefined : String(id);
}
