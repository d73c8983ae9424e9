/**
 * Names and addresses of the default lab cluster, shaped like a three-node GKE cluster `gke-px`
 * in asia-south1-a. Every address is a loopback address: node IPs are 127.0.10.x, pod IPs
 * 127.0.20.x and Service cluster IPs 127.0.30.x, so lab processes can bind them without routing.
 */
export const LAB_CLUSTER_NAME = 'gke-px';
export const LAB_KUBERNETES_VERSION = 'v1.33.5-gke.1201000';
export const LAB_REGION = 'asia-south1';
export const LAB_ZONE = 'asia-south1-a';

export interface LabNodeSpec {
  name: string;
  internalIp: string;
}

export const LAB_NODES: readonly LabNodeSpec[] = [
  { name: 'gke-gke-px-default-pool-177a3f0b-nvxm', internalIp: '127.0.10.2' },
  { name: 'gke-gke-px-default-pool-177a3f0b-slkb', internalIp: '127.0.10.3' },
  { name: 'gke-gke-px-default-pool-177a3f0b-st0n', internalIp: '127.0.10.4' },
];

/** Names of the portworx pods, one per node in LAB_NODES order, as a DaemonSet names them. */
export const PORTWORX_POD_NAMES = ['portworx-g8sq5', 'portworx-gnjpx', 'portworx-tbrc6'];

/** Node that runs the MySQL pod at start. */
export const MYSQL_NODE_NAME = 'gke-gke-px-default-pool-177a3f0b-st0n';
/** Pod network of the lab started by `pxmysql lab`; tests give each lab its own. */
export const DEFAULT_POD_SUBNET = '127.0.20';
/** Last octet of the seeded MySQL pod's address in the pod network. */
export const MYSQL_POD_HOST = 10;
/** Last octet of the seeded stork pod's address in the pod network. */
export const STORK_POD_HOST = 20;
