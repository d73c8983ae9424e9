import { describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/lab/apiserver/kube-object.js';
import type { MariadbProcess } from '../../../src/lab/processes/mariadb-server.js';
import { newPodRecord } from '../../../src/lab/kubelet/pod-record.js';
import { mysqlPodStatus } from '../../../src/lab/kubelet/pod-status.js';

const now = new Date('2025-03-01T10:00:00.500Z');

function newPod(): KubeObject {
  return {
    metadata: { name: 'mysql-abc', namespace: 'default', uid: 'uid-1' },
    spec: { nodeName: 'node-a', containers: [{ name: 'mysql', image: 'mysql:5.6' }, { name: 'exporter', image: 'prom/mysqld-exporter' }] },
    status: { phase: 'Pending', qosClass: 'BestEffort' },
  };
}

function condition(status: KubeObject, type: string): KubeObject | undefined {
  return status.conditions.find((candidate: KubeObject) => candidate.type === type);
}

describe('mysqlPodStatus', () => {
  it('new pod is Pending in ContainerCreating', () => {
    const pod = newPod();
    const record = newPodRecord(pod, 'mysql', '/lab');
    record.podIp = '127.0.20.5';
    const status = mysqlPodStatus(pod, record, '127.0.10.2', false, now);

    expect(status.phase).toBe('Pending');
    expect(status.hostIP).toBe('127.0.10.2');
    expect(status.podIP).toBe('127.0.20.5');
    expect(status.containerStatuses[0].state).toEqual({ waiting: { reason: 'ContainerCreating' } });
    expect(status.containerStatuses[0].ready).toBe(false);
    expect(condition(status, 'Ready')).toMatchObject({ status: 'False', reason: 'ContainersNotReady', message: 'containers with unready status: [mysql]' });
  });

  it('running server makes the pod Ready', () => {
    const pod = newPod();
    const record = newPodRecord(pod, 'mysql', '/lab');
    record.server = {} as MariadbProcess;
    record.startedAt = now;
    record.volumeId = '42';
    record.containerId = 'containerd://abc';
    const status = mysqlPodStatus(pod, record, '127.0.10.2', true, now);

    expect(status.phase).toBe('Running');
    expect(status.containerStatuses[0]).toMatchObject({ ready: true, started: true, restartCount: 0, containerID: 'containerd://abc' });
    expect(status.containerStatuses[0].state).toEqual({ running: { startedAt: '2025-03-01T10:00:00Z' } });
    expect(condition(status, 'Ready')).toEqual({ type: 'Ready', status: 'True', lastProbeTime: null, lastTransitionTime: '2025-03-01T10:00:00Z' });
    expect(condition(status, 'ContainersReady')?.status).toBe('True');
    expect(condition(status, 'PodReadyToStartContainers')?.status).toBe('True');
  });

  it('crash shows lastState and back-off', () => {
    const pod = newPod();
    const record = newPodRecord(pod, 'mysql', '/lab');
    record.restartCount = 2;
    record.lastTerminated = { exitCode: 137, reason: 'Error', startedAt: now, finishedAt: now, containerId: 'containerd://old' };
    record.waiting = { reason: 'CrashLoopBackOff', message: 'back-off 2s restarting failed container=mysql pod=mysql-abc_default(uid-1)' };
    const status = mysqlPodStatus(pod, record, '127.0.10.2', false, now);

    expect(status.phase).toBe('Running');
    expect(status.containerStatuses[0].restartCount).toBe(2);
    expect(status.containerStatuses[0].state.waiting.reason).toBe('CrashLoopBackOff');
    expect(status.containerStatuses[0].lastState.terminated).toMatchObject({ exitCode: 137, reason: 'Error', containerID: 'containerd://old' });
  });

  it('keeps restartCount from the stored status', () => {
    const pod = newPod();
    pod.status.containerStatuses = [{ name: 'mysql', restartCount: 4 }];
    expect(newPodRecord(pod, 'mysql', '/lab').restartCount).toBe(4);
  });
});
