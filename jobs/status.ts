import { CoreV1Api } from '@kubernetes/client-node';
import { isPxmysqlError } from '../src/errors.js';
import { execInPod } from '../src/kube/exec.js';
import { toKubeError } from '../src/kube/kube-errors.js';
import { readMysqlStatus } from '../src/kube/read-mysql-status.js';
import { nodeNamesByAddress } from '../src/kube/node-addresses.js';
import { findPortworxPod, inspectVolume } from '../src/portworx/pxctl-runner.js';
import type { VolumeSummary } from '../src/portworx/volume-summary.js';
import { outputMessages } from '../src/slack/blocks/output-messages.js';
import { userText } from '../src/slack/user-text.js';
import type { OperationHandler } from '../src/runtime/job-context.js';
import type { StatusJobData } from '../src/queue/job-data.js';
import { statusSummary } from './status-report.js';

/** Deadline of each pxctl call made for `status`, in milliseconds. */
const PXCTL_TIMEOUT_MS = 30_000;

/**
 * Runs the `status` operation: reads the target's Deployment, pods, nodes and PVC, inspects the
 * Portworx volume with pxctl in a running portworx pod, and replies with a summary and the
 * `pxctl volume inspect` output. It changes nothing, so it has a single step.
 */
export const runStatus: OperationHandler<StatusJobData> = async ({ data, target, kubeConfig, reporter, logger }) => {
  const locale = data.locale;
  const status = await readMysqlStatus(kubeConfig, target);
  logger.info({ pods: status.pods.map((pod) => `${pod.name}@${pod.nodeName ?? '-'}`), pvc: status.pvc.phase }, 'read target status');

  const notes: string[] = [];
  let volume: { summary: VolumeSummary; text: string } | undefined;
  let nodeNames = new Map<string, string>();
  const volumeName = status.pvc.volumeName;
  if (volumeName === undefined) {
    notes.push(userText(locale, 'status.volumeNotBound', { pvc: status.pvc.name }));
  } else {
    const core = kubeConfig.makeApiClient(CoreV1Api);
    const pod = await findPortworxPod(core, target.portworx).catch((error: unknown) => {
      if (isPxmysqlError(error) && error.code === 'portworx_pod_not_found') return undefined;
      throw toKubeError(error, `portworx pods in ${target.portworx.namespace}`);
    });
    if (pod === undefined) {
      notes.push(userText(locale, 'status.noPortworxPod'));
    } else {
      const [inspected, addresses] = await Promise.all([
        inspectVolume((request) => execInPod(kubeConfig, request), pod, volumeName, { timeoutMs: PXCTL_TIMEOUT_MS }),
        nodeNamesByAddress(core),
      ]);
      volume = inspected;
      nodeNames = addresses;
      logger.info({ volume: volumeName, portworxPod: pod.name, replication: volume.summary.replicationStatus }, 'inspected Portworx volume');
    }
  }

  reporter.reply(statusSummary(locale, data.target, status, volume?.summary, notes, nodeNames));
  if (volume !== undefined) {
    for (const message of outputMessages(userText(locale, 'status.inspectHeading'), volume.text)) reporter.reply(message);
  }
};
