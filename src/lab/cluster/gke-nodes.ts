import { randomUUID } from 'node:crypto';
import type { KubeObject } from '../apiserver/kube-object.js';
import { LAB_KUBERNETES_VERSION, LAB_REGION, LAB_ZONE, type LabNodeSpec } from './lab-topology.js';

/** Builds a Ready GKE node (Ubuntu with containerd, n1-standard-4) with the labels Portworx and the bot read. */
export function buildGkeNode(node: LabNodeSpec, now: Date): KubeObject {
  const heartbeat = now.toISOString().replace(/\.\d+Z$/, 'Z');
  const condition = (type: string, status: string, reason: string, message: string): KubeObject => ({
    type,
    status,
    lastHeartbeatTime: heartbeat,
    lastTransitionTime: heartbeat,
    reason,
    message,
  });
  return {
    apiVersion: 'v1',
    kind: 'Node',
    metadata: {
      name: node.name,
      labels: {
        'beta.kubernetes.io/arch': 'amd64',
        'beta.kubernetes.io/instance-type': 'n1-standard-4',
        'beta.kubernetes.io/os': 'linux',
        'cloud.google.com/gke-boot-disk': 'pd-ssd',
        'cloud.google.com/gke-container-runtime': 'containerd',
        'cloud.google.com/gke-nodepool': 'default-pool',
        'cloud.google.com/gke-os-distribution': 'ubuntu',
        'cloud.google.com/machine-family': 'n1',
        'failure-domain.beta.kubernetes.io/region': LAB_REGION,
        'failure-domain.beta.kubernetes.io/zone': LAB_ZONE,
        'kubernetes.io/arch': 'amd64',
        'kubernetes.io/hostname': node.name,
        'kubernetes.io/os': 'linux',
        'node.kubernetes.io/instance-type': 'n1-standard-4',
        'topology.kubernetes.io/region': LAB_REGION,
        'topology.kubernetes.io/zone': LAB_ZONE,
        'px/enabled': 'true',
      },
      annotations: {
        'node.alpha.kubernetes.io/ttl': '0',
        'volumes.kubernetes.io/controller-managed-attach-detach': 'true',
      },
    },
    spec: { providerID: `gce://pxmysql-lab/${LAB_ZONE}/${node.name}` },
    status: {
      addresses: [
        { type: 'InternalIP', address: node.internalIp },
        { type: 'Hostname', address: node.name },
      ],
      capacity: { cpu: '4', 'ephemeral-storage': '98831908Ki', memory: '15335536Ki', pods: '110' },
      allocatable: { cpu: '3920m', 'ephemeral-storage': '47060071478', memory: '12985456Ki', pods: '110' },
      conditions: [
        condition('NetworkUnavailable', 'False', 'RouteCreated', 'NodeController create implicit route'),
        condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'kubelet has sufficient memory available'),
        condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'kubelet has no disk pressure'),
        condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'kubelet has sufficient PID available'),
        condition('Ready', 'True', 'KubeletReady', 'kubelet is posting ready status'),
      ],
      daemonEndpoints: { kubeletEndpoint: { Port: 10250 } },
      nodeInfo: {
        architecture: 'amd64',
        bootID: randomUUID(),
        containerRuntimeVersion: 'containerd://1.7.27',
        kernelVersion: '6.8.0-1025-gke',
        kubeProxyVersion: LAB_KUBERNETES_VERSION,
        kubeletVersion: LAB_KUBERNETES_VERSION,
        machineID: randomUUID().replace(/-/g, ''),
        operatingSystem: 'linux',
        osImage: 'Ubuntu 22.04.5 LTS',
        systemUUID: randomUUID(),
      },
    },
  };
}

