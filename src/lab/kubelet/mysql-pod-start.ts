import type { KubeObject } from '../apiserver/kube-object.js';
import { ContainerConfigError, resolveContainerEnv } from './container-env.js';
import { isCancelled, writeMysqlPodStatus, type KubeletContext } from './kubelet-context.js';
import { ATTACH_DETACH_COMPONENT } from './kubelet-events.js';
import { runMysqlContainer } from './mysql-container-run.js';
import { dataVolumeClaim, findMysqlContainer, mysqlContainerPort, VolumeMountError } from './mysql-pod-spec.js';
import { allocatePodIp } from './pod-addresses.js';
import type { PodRecord } from './pod-record.js';
import { resolvePodVolume } from './pod-volume.js';
import { attachPodVolume, MultiAttachError, multiAttachMessage } from './volume-attach.js';

/**
 * Brings a MySQL pod's container up, as far as it can get now: attach the PVC's Portworx volume on
 * the pod's node, resolve the environment, then prepare the data directory and start mariadbd.
 * A step that cannot finish yet (PVC not Bound, Multi-Attach, missing Secret) leaves the pod
 * waiting with the reason in its container status and a Warning event, and the next resync tries
 * again.
 */
export async function startMysqlPod(context: KubeletContext, record: PodRecord, pod: KubeObject): Promise<void> {
  const container = findMysqlContainer(pod);
  if (!container) return;
  record.port = mysqlContainerPort(container);
  record.podIp ??= allocatePodIp(context.runtime.store, reservedPodIps(context), context.runtime.podSubnet);

  const dataDirectory = await attachDataVolume(context, record, pod, container);
  if (dataDirectory === undefined || isCancelled(context, record)) return;

  let env: Record<string, string>;
  try {
    env = resolveContainerEnv(context.runtime.store, pod, container);
  } catch (error) {
    if (!(error instanceof ContainerConfigError)) throw error;
    waitForRetry(context, record, { reason: 'CreateContainerConfigError', message: error.message });
    context.events.warning(record, 'Failed', `Error: ${error.message}`);
    return;
  }

  record.waiting = { reason: 'ContainerCreating' };
  writeMysqlPodStatus(context, record);
  reportImage(context, record, container);
  await runMysqlContainer(context, record, { env, dataDirectory, image: String(container.image) });
}

/** Attaches the volume and returns its data directory, or undefined when the pod has to wait. */
async function attachDataVolume(context: KubeletContext, record: PodRecord, pod: KubeObject, container: KubeObject): Promise<string | undefined> {
  let mountedVolumeName = '';
  try {
    const { volumeName, claimName } = dataVolumeClaim(pod, container);
    mountedVolumeName = volumeName;
    const volume = resolvePodVolume(context.runtime, record.namespace, claimName);
    const owner = (pod.metadata.ownerReferences ?? []).find((reference: KubeObject) => reference.controller === true);
    const directory = await attachPodVolume(context.runtime, context.records.values(), record, volume.volumeId, {
      name: record.name,
      uid: record.uid,
      namespace: record.namespace,
      runningOn: record.nodeName,
      ownerKind: String(owner?.kind ?? ''),
      ownerName: String(owner?.name ?? ''),
    });
    record.volumeId = volume.volumeId;
    return directory;
  } catch (error) {
    if (error instanceof MultiAttachError) {
      waitForRetry(context, record, { reason: 'ContainerCreating' });
      context.events.warning(record, 'FailedAttachVolume', multiAttachMessage(error, record.namespace), ATTACH_DETACH_COMPONENT);
      return undefined;
    }
    if (error instanceof VolumeMountError) {
      waitForRetry(context, record, { reason: 'ContainerCreating', message: error.message });
      const unmounted = mountedVolumeName === '' ? '' : `unmounted volumes=[${mountedVolumeName}]: `;
      context.events.warning(record, 'FailedMount', `Unable to attach or mount volumes: ${unmounted}${error.message}`);
      return undefined;
    }
    throw error;
  }
}

/** Leaves the pod waiting with `waiting` in its status until the next resync. */
function waitForRetry(context: KubeletContext, record: PodRecord, waiting: PodRecord['waiting']): void {
  record.waiting = waiting;
  record.retryAt = Date.now() + context.runtime.timing.resyncMs;
  writeMysqlPodStatus(context, record);
}

/**
 * Writes the image events a kubelet writes before creating a container. No image is pulled: the
 * lab runs the machine's mariadbd for every `mysql` and `mariadb` tag.
 */
function reportImage(context: KubeletContext, record: PodRecord, container: KubeObject): void {
  const image = String(container.image);
  if (container.imagePullPolicy === 'Always') {
    context.events.normal(record, 'Pulling', `Pulling image "${image}"`);
    context.events.normal(record, 'Pulled', `Successfully pulled image "${image}" in 0s (0s including waiting)`);
  } else {
    context.events.normal(record, 'Pulled', `Container image "${image}" already present on machine`);
  }
}

/** Pod IPs of MySQL servers that may still listen, so a new pod never gets their address. */
function reservedPodIps(context: KubeletContext): string[] {
  return [...context.records.values()].filter((record) => record.podIp !== undefined && record.liveProcesses.size > 0).map((record) => String(record.podIp));
}
