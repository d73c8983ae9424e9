import type { Locale } from '../../src/config/app-config.js';
import { formatBinaryQuantity } from '../../src/kube/binary-quantity.js';
import { fields, section } from '../../src/slack/blocks/builders.js';
import type { OutgoingMessage } from '../../src/slack/blocks/types.js';
import { inlineCode, userText } from '../../src/slack/user-text.js';
import { formatSeconds } from '../failover/format-seconds.js';
import type { ExpandState } from './expand-data.js';

/** Sizes read after the expansion, for the summary. */
export interface ExpandedSizes {
  pvcRequest: string | undefined;
  pvcCapacity: string | undefined;
  /** `spec.capacity.storage` of the PersistentVolume. */
  pvCapacity: string | undefined;
  /** Portworx volume size in bytes, from `pxctl volume inspect -j`. */
  volumeSizeBytes: number | undefined;
}

/**
 * Builds the summary of a finished expansion: the old and new size, the PVC, PV and Portworx
 * volume sizes, and the time from the patch to the new capacity.
 */
export function expandSummary(locale: Locale, target: string, pvc: string, state: Readonly<ExpandState>, sizes: ExpandedSizes, requested: string): OutgoingMessage {
  const t = (key: string, params = {}) => userText(locale, key, params);
  const code = (value: string | undefined) => (value === undefined ? t('common.unknown') : inlineCode(value).mrkdwn);
  const title = t('expand.report.title', { target, from: state.oldRequest ?? '?', to: requested });
  const volumeBefore = state.volumeSizeBytesBefore === undefined ? undefined : formatBinaryQuantity(state.volumeSizeBytesBefore);
  const volumeAfter = sizes.volumeSizeBytes === undefined ? undefined : formatBinaryQuantity(sizes.volumeSizeBytes);
  const durationMs = state.resizedAt !== undefined && state.requestedAt !== undefined ? state.resizedAt - state.requestedAt : undefined;

  const pairs = [
    { label: t('status.pvc'), value: `${code(pvc)} (${code(sizes.pvcRequest)})` },
    { label: t('status.storageClass'), value: code(state.storageClass) },
    { label: t('expand.report.pvcCapacity'), value: `${code(state.oldCapacity)} → ${code(sizes.pvcCapacity)}` },
    { label: t('expand.report.pvCapacity'), value: code(sizes.pvCapacity) },
    { label: t('expand.report.volumeSize'), value: `${code(volumeBefore)} → ${code(volumeAfter)}` },
    {
      label: t('expand.report.duration'),
      value: durationMs === undefined ? t('common.unknown') : t('expand.report.durationValue', { seconds: formatSeconds(durationMs) }),
    },
  ];
  return { text: title, blocks: [section(`*${title}*`), ...fields(pairs)] };
}
