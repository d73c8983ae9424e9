import type { KubeObject } from '../apiserver/kube-object.js';
import type { ObjectStore } from '../apiserver/object-store.js';

const FIRST_POD_IP_HOST = 2;
const LAST_POD_IP_HOST = 254;

/** Returns the node's InternalIP address from its status, or undefined when the node has none. */
export function nodeInternalIp(store: ObjectStore, nodeName: string): string | undefined {
  const node = store.find('nodes', undefined, nodeName);
  const addresses: KubeObject[] = node?.status?.addresses ?? [];
  const internal = addresses.find((address) => address.type === 'InternalIP');
  return typeof internal?.address === 'string' ? internal.address : undefined;
}

/**
 * Chooses the lowest free pod IP in `<subnet>.2`–`<subnet>.254` (loopback addresses, so every pod
 * can listen on its own): not in any pod's `status.podIP` and not in `reserved` (addresses of
 * servers that are still stopping). Throws when all 253 are taken.
 */
export function allocatePodIp(store: ObjectStore, reserved: Iterable<string>, subnet: string): string {
  const prefix = `${subnet}.`;
  const taken = new Set<string>(reserved);
  for (const pod of store.list('pods').items) {
    if (typeof pod.status?.podIP === 'string' && !pod.spec?.hostNetwork) taken.add(pod.status.podIP);
  }
  for (let host = FIRST_POD_IP_HOST; host <= LAST_POD_IP_HOST; host += 1) {
    const candidate = `${prefix}${host}`;
    if (!taken.has(candidate)) return candidate;
  }
  throw new Error(`no free pod IP left in ${prefix}${FIRST_POD_IP_HOST}-${LAST_POD_IP_HOST}: delete pods that are no longer needed`);
}
