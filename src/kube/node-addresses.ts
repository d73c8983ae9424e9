import type { CoreV1Api } from '@kubernetes/client-node';
import { toKubeError } from './kube-errors.js';

/**
 * Maps every node address (InternalIP, ExternalIP, Hostname) to the node's name. pxctl prints
 * replica locations as data IPs, which on GKE are the nodes' InternalIPs.
 */
export async function nodeNamesByAddress(core: Pick<CoreV1Api, 'listNode'>): Promise<Map<string, string>> {
  const nodes = await core.listNode().catch((error: unknown) => Promise.reject(toKubeError(error, 'nodes')));
  const names = new Map<string, string>();
  for (const node of nodes.items) {
    const name = node.metadata?.name;
    if (name === undefined) continue;
    for (const address of node.status?.addresses ?? []) names.set(address.address, name);
  }
  return names;
}
