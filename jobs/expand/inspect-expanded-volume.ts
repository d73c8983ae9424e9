import { isPxmysqlError } from '../../src/errors.js';
import { toKubeError } from '../../src/kube/kube-errors.js';
import { findPortworxPod, inspectVolume } from '../../src/portworx/pxctl-runner.js';
import type { VolumeSummary } from '../../src/portworx/volume-summary.js';
import type { ExpandRuntime } from './expand-context.js';

/** Runs `pxctl volume inspect` (JSON and text) in a Running portworx pod on a Ready node. */
export async function inspectExpandedVolume(runtime: ExpandRuntime, volumeName: string): Promise<{ summary: VolumeSummary; text: string }> {
  const portworx = runtime.context.target.portworx;
  const pod = await findPortworxPod(runtime.core, portworx).catch((error: unknown) => {
    throw isPxmysqlError(error) ? error : toKubeError(error, `portworx pods in ${portworx.namespace}`);
  });
  return await inspectVolume(runtime.exec, pod, volumeName, { timeoutMs: runtime.settings.pxctlTimeoutMs });
}
