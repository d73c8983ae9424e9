import type { Locale } from '../src/config/app-config.js';
import type { MysqlStatus, NodeSummary, PodSummary } from '../src/kube/mysql-status.js';
import type { VolumeSummary } from '../src/portworx/volume-summary.js';
import { fields, section, type FieldPair } from '../src/slack/blocks/builders.js';
import { escapeText } from '../src/slack/blocks/escape.js';
import type { KnownBlock, OutgoingMessage } from '../src/slack/blocks/types.js';
import { inlineCode, userText } from '../src/slack/user-text.js';

/** Builds the summary reply of `status`: Deployment, pods and their nodes, PVC and Portworx volume. */
export function statusSummary(
  locale: Locale,
  target: string,
  status: MysqlStatus,
  volume: VolumeSummary | undefined,
  notes: string[],
  nodeNames: ReadonlyMap<string, string> = new Map(),
): OutgoingMessage {
  const t = (key: string) => userText(locale, key);
  const yesNo = (value: boolean) => t(value ? 'common.yes' : 'common.no');
  const code = (value: string | undefined) => (value === undefined ? t('common.unknown') : inlineCode(value).mrkdwn);
  const title = userText(locale, 'status.title', { target });

  const blocks: KnownBlock[] = [section(`*${title}*`)];
  blocks.push(
    ...fields([
      { label: t('status.deployment'), value: code(`${status.namespace}/${status.deployment.name}`) },
      { label: t('status.readyReplicas'), value: `${status.deployment.readyReplicas}/${status.deployment.replicas}` },
    ]),
  );

  if (status.pods.length === 0) blocks.push(section(userText(locale, 'status.noPod', { deployment: status.deployment.name })));
  for (const pod of status.pods) blocks.push(...fields(podFields(locale, pod, nodeOf(status.nodes, pod.nodeName), yesNo, code)));

  const pvc = status.pvc;
  blocks.push(
    ...fields([
      { label: t('status.pvc'), value: code(pvc.name) },
      { label: t('status.pvcPhase'), value: escapeText(pvc.phase) },
      { label: t('status.size'), value: escapeText(pvc.capacity ?? pvc.requested ?? t('common.unknown')) },
      { label: t('status.storageClass'), value: code(pvc.storageClass) },
    ]),
  );

  if (volume !== undefined) blocks.push(...fields(volumeFields(locale, volume, code, nodeNames)));
  for (const note of notes) blocks.push(section(note));

  return { text: title, blocks };
}

function podFields(
  locale: Locale,
  pod: PodSummary,
  node: NodeSummary | undefined,
  yesNo: (value: boolean) => string,
  code: (value: string | undefined) => string,
): FieldPair[] {
  const t = (key: string) => userText(locale, key);
  const pairs: FieldPair[] = [
    { label: t('status.pod'), value: code(pod.name) },
    { label: t('status.podPhase'), value: escapeText(pod.terminating ? `${pod.phase} (Terminating)` : pod.phase) },
    { label: t('status.podReady'), value: yesNo(pod.ready) },
    { label: t('status.restarts'), value: String(pod.restarts) },
  ];
  if (pod.nodeName === undefined) {
    pairs.push({ label: t('status.node'), value: userText(locale, 'status.podNotScheduled', { pod: pod.name }) });
    return pairs;
  }
  pairs.push({ label: t('status.node'), value: code(pod.nodeName) });
  if (node !== undefined) {
    pairs.push({ label: t('status.nodeReady'), value: yesNo(node.ready) }, { label: t('status.cordoned'), value: yesNo(node.cordoned) });
  }
  return pairs;
}

function volumeFields(
  locale: Locale,
  volume: VolumeSummary,
  code: (value: string | undefined) => string,
  nodeNames: ReadonlyMap<string, string>,
): FieldPair[] {
  const t = (key: string) => userText(locale, key);
  // pxctl prints replicas by data IP; show the node name beside it when a node has that address.
  const replica = (address: string) => {
    const name = nodeNames.get(address);
    return name === undefined ? code(address) : `${code(name)} (${escapeText(address)})`;
  };
  return [
    { label: t('status.volume'), value: `${code(volume.name)} (${escapeText(volume.id)})` },
    { label: t('status.size'), value: escapeText(formatGiB(volume.sizeBytes)) },
    { label: t('status.haLevel'), value: String(volume.haLevel) },
    { label: t('status.replicaNodes'), value: volume.replicaNodes.map(replica).join('\n') || t('common.unknown') },
    { label: t('status.attachedOn'), value: code(volume.attachedNode) },
    { label: t('status.replicationStatus'), value: escapeText(volume.replicationStatus ?? t('common.unknown')) },
  ];
}

function nodeOf(nodes: NodeSummary[], name: string | undefined): NodeSummary | undefined {
  return nodes.find((node) => node.name === name);
}

/** Formats bytes as pxctl does for sizes: GiB with one decimal. */
export function formatGiB(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(1)} GiB`;
}
