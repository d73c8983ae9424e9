import type { KubeObject } from '../apiserver/kube-object.js';
import type { ObjectStore } from '../apiserver/object-store.js';
import { LAB_NODES, PORTWORX_POD_NAMES } from './lab-topology.js';
import { runningPodStatus } from './running-pod-status.js';
import { seedWorkload } from './seed-workload.js';

export const PORTWORX_IMAGE = 'portworx/oci-monitor:3.2.2';
export const STORK_IMAGE = 'openstorage/stork:25.2.0';

/**
 * Stores one Running portworx pod per node in kube-system, labelled `name=portworx`. They use the
 * host network, so the pod IP is the node's IP, as on a real cluster.
 * NOTE: a real cluster runs them from the `portworx` DaemonSet; the lab serves no DaemonSets, so
 * these pods have no owner reference.
 */
export function seedPortworxPods(store: ObjectStore, now: Date): KubeObject[] {
  return LAB_NODES.map((node, index) => {
    const spec: KubeObject = {
      nodeName: node.name,
      hostNetwork: true,
      hostPID: false,
      serviceAccountName: 'portworx',
      priorityClassName: 'system-node-critical',
      tolerations: [{ operator: 'Exists' }],
      containers: [
        {
          name: 'portworx',
          image: PORTWORX_IMAGE,
          args: ['-c', 'gke-px', '-x', 'kubernetes'],
          readinessProbe: { httpGet: { host: '127.0.0.1', path: '/health', port: 9015 }, periodSeconds: 10 },
          securityContext: { privileged: true },
          volumeMounts: [{ name: 'optpwx', mountPath: '/opt/pwx' }],
        },
      ],
      volumes: [{ name: 'optpwx', hostPath: { path: '/opt/pwx' } }],
    };
    return store.create('pods', {
      metadata: {
        name: PORTWORX_POD_NAMES[index],
        namespace: 'kube-system',
        labels: { name: 'portworx', 'controller-revision-hash': '6c8d9b7f5d', 'pod-template-generation': '1' },
        annotations: { 'kubectl.kubernetes.io/default-container': 'portworx' },
      },
      spec,
      status: runningPodStatus(spec, node.internalIp, node.internalIp, now),
    });
  });
}

/** Stores the STORK scheduler extender as a one-replica Deployment in kube-system. */
export function seedStork(store: ObjectStore, now: Date, podIp: string): void {
  const node = LAB_NODES[0];
  if (!node) return;
  seedWorkload(
    store,
    {
      namespace: 'kube-system',
      name: 'stork',
      selector: { name: 'stork' },
      extraTemplateLabels: { tier: 'control-plane' },
      strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1, maxUnavailable: 1 } },
      podSpec: {
        serviceAccountName: 'stork-account',
        containers: [
          {
            name: 'stork',
            image: STORK_IMAGE,
            command: ['/stork', '--driver=pxd', '--verbose', '--leader-elect=true', '--health-monitor-interval=120'],
          },
        ],
      },
      replicas: [{ nodeName: node.name, hostIp: node.internalIp, podIp }],
    },
    now,
  );
}
