import { PatchStrategy, setHeaderOptions, type CoreV1Api } from '@kubernetes/client-node';
import { toKubeError } from './kube-errors.js';
import { isNodeCordoned } from './node-state.js';

export interface SetNodeUnschedulableOptions {
  /**
   * Annotation written in the same patch: set to `value` when cordoning and removed when
   * uncordoning. It records who cordoned the node, so that a resumed job recognizes its own cordon.
   */
  annotation?: { key: string; value: string };
}

export interface SetNodeUnschedulableResult {
  /** True when this call patched the node; false when it was already in the requested state. */
  changed: boolean;
  /** Value of the annotation before this call, when `options.annotation` is given and the node had it. */
  previousAnnotation: string | undefined;
}

/**
 * Cordons (`unschedulable: true`) or uncordons a node with a merge patch of `spec.unschedulable`,
 * as `kubectl cordon` does. Reads the node first and sends no patch when it is already in the
 * requested state.
 */
export async function setNodeUnschedulable(
  core: Pick<CoreV1Api, 'readNode' | 'patchNode'>,
  nodeName: string,
  unschedulable: boolean,
  options: SetNodeUnschedulableOptions = {},
): Promise<SetNodeUnschedulableResult> {
  const node = await core.readNode({ name: nodeName }).catch((error: unknown) => Promise.reject(toKubeError(error, `node ${nodeName}`)));
  const annotation = options.annotation;
  const previousAnnotation = annotation === undefined ? undefined : node.metadata?.annotations?.[annotation.key];
  if (isNodeCordoned(node) === unschedulable) return { changed: false, previousAnnotation };

  const body: Record<string, unknown> = { spec: { unschedulable } };
  if (annotation !== undefined) body.metadata = { annotations: { [annotation.key]: unschedulable ? annotation.value : null } };
  await core
    .patchNode({ name: nodeName, body }, setHeaderOptions('Content-Type', PatchStrategy.MergePatch))
    .catch((error: unknown) => Promise.reject(toKubeError(error, `${unschedulable ? 'cordon' : 'uncordon'} node ${nodeName}`)));
  return { changed: true, previousAnnotation };
}
