import { CoreV1Api, StorageV1Api, type KubeConfig } from '@kubernetes/client-node';
import type { ExpandJobData } from '../jobs/expand/expand-data.js';
import type { Locale } from '../src/config/app-config.js';
import type { TargetConfig } from '../src/config/targets-schema.js';
import { storageQuantityBytes } from '../src/kube/binary-quantity.js';
import { isNotFound, toKubeError } from '../src/kube/kube-errors.js';
import { fields, section } from '../src/slack/blocks/builders.js';
import type { KnownBlock } from '../src/slack/blocks/types.js';
import { inlineCode, mention, userText } from '../src/slack/user-text.js';
import { parseSize } from './parse-size.js';

/** The PVC's size and StorageClass before an expansion, as the approval message shows them. */
export interface ExpandFacts {
  /** `spec.resources.requests.storage` of the PVC. */
  request: string | undefined;
  /** `status.capacity.storage` of the PVC; undefined while it is unbound. */
  capacity: string | undefined;
  storageClass: string | undefined;
  /** True only when the StorageClass exists and sets `allowVolumeExpansion: true`. */
  allowExpansion: boolean;
}

/** Builds the job data of `/pxmysql expand`. `size` is re-parsed, so only a valid canonical size gets into a job. */
export function expandJob(input: { target: TargetConfig; userId: string; channelId: string; triggerId: string; locale: Locale; size: string }): ExpandJobData {
  return {
    operation: 'expand',
    target: input.target.name,
    requestedBy: input.userId,
    channel: input.channelId,
    triggerId: input.triggerId,
    locale: input.locale,
    size: parseSize(input.size).quantity,
  };
}

/** Reads the target PVC's request, capacity and StorageClass, and whether the class allows expansion. */
export async function readExpandFacts(kubeConfig: KubeConfig, target: TargetConfig): Promise<ExpandFacts> {
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const claim = await core
    .readNamespacedPersistentVolumeClaim({ name: target.pvc, namespace: target.namespace })
    .catch((error: unknown) => Promise.reject(toKubeError(error, `PVC ${target.namespace}/${target.pvc}`)));
  const storageClass = claim.spec?.storageClassName ?? claim.metadata?.annotations?.['volume.beta.kubernetes.io/storage-class'];

  let allowExpansion = false;
  if (storageClass !== undefined && storageClass !== '') {
    const found = await kubeConfig
      .makeApiClient(StorageV1Api)
      .readStorageClass({ name: storageClass })
      .catch((error: unknown) => (isNotFound(error) ? undefined : Promise.reject(toKubeError(error, `StorageClass ${storageClass}`))));
    allowExpansion = found?.allowVolumeExpansion === true;
  }

  return {
    request: claim.spec?.resources?.requests?.storage,
    capacity: claim.status?.capacity?.storage,
    storageClass,
    allowExpansion,
  };
}

/**
 * Builds the plan of an expansion approval message: the PVC, its StorageClass, the current and
 * new size and what the job does. It adds a warning when the job would be rejected, because the
 * class does not allow expansion or the size is not larger than the current request. The expiry
 * line and the buttons follow the plan.
 */
export function expandPlanMessage(
  locale: Locale,
  target: TargetConfig,
  size: string,
  current: ExpandFacts,
  options: { requestedBy?: string } = {},
): { title: string; blocks: KnownBlock[] } {
  const t = (key: string, params = {}) => userText(locale, key, params);
  const code = (value: string | undefined) => (value === undefined ? t('common.unknown') : inlineCode(value).mrkdwn);
  const title = t('expand.approval.title', { target: target.name, size });

  const pairs = [
    { label: t('status.pvc'), value: code(target.pvc) },
    { label: t('status.storageClass'), value: code(current.storageClass) },
    { label: t('expand.approval.allowsExpansion'), value: t(current.allowExpansion ? 'common.yes' : 'common.no') },
    { label: t('expand.approval.currentRequest'), value: code(current.request) },
    { label: t('expand.approval.currentCapacity'), value: code(current.capacity) },
    { label: t('expand.approval.newSize'), value: code(size) },
  ];
  if (options.requestedBy !== undefined) pairs.push({ label: t('expand.approval.requestedBy'), value: mention(options.requestedBy).mrkdwn });

  const blocks: KnownBlock[] = [section(title), ...fields(pairs)];
  blocks.push(section(t('expand.approval.steps', { pvc: code(target.pvc), size: code(size) })));
  if (!current.allowExpansion) blocks.push(section(t('expand.approval.notExpandable', { storageClass: code(current.storageClass) })));

  const currentBytes = storageQuantityBytes(current.request);
  const sizeBytes = storageQuantityBytes(size);
  if (currentBytes !== undefined && sizeBytes !== undefined && sizeBytes <= currentBytes) {
    blocks.push(section(t('expand.approval.notLarger', { size: code(size), current: code(current.request) })));
  }
  return { title, blocks };
}
