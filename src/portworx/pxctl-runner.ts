import { PxmysqlError } from '../errors.js';
import type { ExecRequest, ExecResult } from '../kube/exec.js';
import type { PortworxPod } from './find-portworx-pod.js';
import { parseVolumeInspectJson } from './parse-inspect-json.js';
import { parseVolumeInspectText } from './parse-inspect-text.js';
import type { VolumeSummary } from './volume-summary.js';
import { validateVolumeName } from './volume-name.js';

export { findPortworxPod, type FindPortworxPodOptions, type PortworxPod } from './find-portworx-pod.js';

/** Path of pxctl inside the portworx container. */
export const PXCTL_PATH = '/opt/pwx/bin/pxctl';

/** Runs one command in a pod; `execInPod` bound to a cluster's KubeConfig in production. */
export type PodExecutor = (request: ExecRequest) => Promise<ExecResult>;

export interface PxctlRunOptions {
  /** Deadline for each pxctl call in milliseconds; the executor's default when omitted. */
  timeoutMs?: number;
}

/**
 * Runs `pxctl ARGS` in the pod's Portworx container. The arguments travel as an argv array, so no
 * shell ever parses them. Returns the output and exit code as they are, including failures.
 */
export function runPxctlInPod(
  executor: PodExecutor,
  pod: PortworxPod,
  args: string[],
  options: PxctlRunOptions = {},
): Promise<ExecResult> {
  return executor({
    namespace: pod.namespace,
    pod: pod.name,
    ...(pod.container === undefined ? {} : { container: pod.container }),
    command: [PXCTL_PATH, ...args],
    ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
  });
}

/**
 * Inspects one volume with both `pxctl volume inspect -j NAME` and `pxctl volume inspect NAME`.
 *
 * The summary takes exact sizes, labels, status and consumers from the JSON, and the attached
 * node, replica node addresses and replication status from the text, which is also returned for
 * reports. Throws `volume_name_invalid` before any exec, `pxctl_failed` when pxctl exits non-zero
 * or without an exit status (retryable then), and `pxctl_output_invalid` when the outputs do not
 * describe exactly one and the same volume.
 */
export async function inspectVolume(
  executor: PodExecutor,
  pod: PortworxPod,
  volumeName: string,
  options: PxctlRunOptions = {},
): Promise<{ summary: VolumeSummary; text: string }> {
  validateVolumeName(volumeName);

  const jsonArgs = ['volume', 'inspect', '-j', volumeName];
  const textArgs = ['volume', 'inspect', volumeName];
  const [jsonRun, textRun] = await Promise.all([
    runPxctlInPod(executor, pod, jsonArgs, options),
    runPxctlInPod(executor, pod, textArgs, options),
  ]);
  requireSuccess(jsonRun, pod, jsonArgs);
  requireSuccess(textRun, pod, textArgs);

  const fromJson = onlyVolume(parseVolumeInspectJson(jsonRun.stdout), volumeName, '-j output');
  const fromText = onlyVolume(parseVolumeInspectText(textRun.stdout), volumeName, 'text output');
  if (fromJson.id !== fromText.id) {
    throw new PxmysqlError(
      'pxctl_output_invalid',
      `pxctl volume inspect ${volumeName}: JSON names volume ${fromJson.id} but text names ${fromText.id}`,
      { kind: 'retryable' },
    );
  }

  const summary: VolumeSummary = {
    ...fromJson,
    attachedNode: fromText.attachedNode,
    replicaNodes: fromText.replicaNodes,
    replicationStatus: fromText.replicationStatus,
  };
  return { summary, text: textRun.stdout };
}

function requireSuccess(result: ExecResult, pod: PortworxPod, args: string[]): void {
  if (result.exitCode === 0) return;

  const command = `pxctl ${args.join(' ')}`;
  const where = `in pod ${pod.namespace}/${pod.name}`;
  const detail = firstLine(result.stderr) ?? firstLine(result.stdout) ?? 'no output';
  if (result.exitCode === 'unknown') {
    const message = `${command} ${where} ended without an exit status: ${detail}`;
    throw new PxmysqlError('pxctl_failed', message, { kind: 'retryable' });
  }
  throw new PxmysqlError('pxctl_failed', `${command} ${where} exited with code ${result.exitCode}: ${detail}`);
}

function firstLine(text: string): string | undefined {
  const line = text.trim().split('\n')[0];
  return line === '' ? undefined : line;
}

function onlyVolume(volumes: VolumeSummary[], volumeName: string, source: string): VolumeSummary {
  const [volume] = volumes;
  if (volumes.length !== 1 || !volume) {
    throw new PxmysqlError(
      'pxctl_output_invalid',
      `pxctl volume inspect ${volumeName} ${source} describes ${volumes.length} volumes, expected 1`,
    );
  }
  return volume;
}
