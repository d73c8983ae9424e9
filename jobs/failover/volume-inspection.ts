import { isPxmysqlError } from '../../src/errors.js';
import { toKubeError } from '../../src/kube/kube-errors.js';
import { nodeNamesByAddress } from '../../src/kube/node-addresses.js';
import { findPortworxPod, inspectVolume } from '../../src/portworx/pxctl-runner.js';
import type { VolumeSummary } from '../../src/portworx/volume-summary.js';
import type { FailoverRuntime } from './failover-context.js';

export interface VolumeInspection {
  summary: VolumeSummary;
  /** `pxctl volume inspect` text output. */
  output: string;
  /** Replica nodes as node names; an address that matches no node is kept as printed. */
  replicaNodes: string[];
  /** Node the volume is attached on, as a node name when pxctl's name or address matches a node. */
  attachedNode: string | undefined;
  /** Portworx pod that ran pxctl. */
  portworxPod: string;
}

/**
 * Inspects the volume with pxctl in a portworx pod on a Ready node other than `avoidNodes` (the
 * node being failed away from), and resolves replica and attachment addresses to node names.
 */
export async function inspectVolumeAwayFrom(runtime: FailoverRuntime, volumeName: string, avoidNodes: string[]): Promise<VolumeInspection> {
  const portworx = runtime.context.target.portworx;
  const pod = await findPortworxPod(runtime.core, { ...portworx, avoidNodes }).catch((error: unknown) => {
    throw isPxmysqlError(error) ? error : toKubeError(error, `portworx pods in ${portworx.namespace}`);
  });
  const [inspected, names] = await Promise.all([
    inspectVolume(runtime.exec, pod, volumeName, { timeoutMs: runtime.settings.pxctlTimeoutMs }),
    nodeNamesByAddress(runtime.core),
  ]);

  return {
    summary: inspected.summary,
    output: inspected.text,
    replicaNodes: inspected.summary.replicaNodes.map((address) => names.get(address) ?? address),
    attachedNode: resolveAttachedNode(inspected.summary.attachedNode, inspected.text, names),
    portworxPod: pod.name,
  };
}

/**
 * Returns the attached node's name. pxctl prints "State : Attached: <node> (<ip>)", where
 * <node> is a node name or a Portworx node id, so the address in brackets is tried as well.
 */
function resolveAttachedNode(printed: string | undefined, output: string, names: ReadonlyMap<string, string>): string | undefined {
  if (printed === undefined) return undefined;
  const knownNames = new Set(names.values());
  if (knownNames.has(printed)) return printed;
  const address = /Attached\s*:\s*\S+\s*\(([^)\s]+)\)/i.exec(output)?.[1];
  return (address === undefined ? undefined : names.get(address)) ?? names.get(printed) ?? printed;
}
