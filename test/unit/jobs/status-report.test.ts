import { describe, expect, it } from 'vitest';
import { formatGiB, statusSummary } from '../../../jobs/status-report.js';
import type { MysqlStatus } from '../../../src/kube/mysql-status.js';
import type { VolumeSummary } from '../../../src/portworx/volume-summary.js';
import { blocksToPlainText } from '../../../src/slack/blocks/plain-text.js';

const STATUS: MysqlStatus = {
  namespace: 'default',
  deployment: { name: 'mysql', replicas: 1, readyReplicas: 1, updatedReplicas: 1 },
  pods: [
    { name: 'mysql-7d4b9c-x2k8q', uid: 'u1', phase: 'Running', ready: true, restarts: 2, nodeName: 'gke-node-a', ip: '127.0.20.10', terminating: false },
  ],
  nodes: [{ name: 'gke-node-a', ready: true, cordoned: true }],
  pvc: { name: 'px-mysql-pvc', phase: 'Bound', requested: '1Gi', capacity: '1Gi', storageClass: 'px-ha-sc', volumeName: 'pvc-123' },
};

const VOLUME: VolumeSummary = {
  id: '549063659345266352',
  name: 'pvc-123',
  sizeBytes: 2 ** 30,
  format: 'xfs',
  haLevel: 3,
  ioPriority: 'HIGH',
  status: 'up',
  attachedNode: 'gke-node-a',
  replicaNodes: ['127.0.10.2', '127.0.10.3', '127.0.10.4'],
  replicationStatus: 'Up',
  consumers: [],
  labels: {},
};

function render(status: MysqlStatus, volume: VolumeSummary | undefined, locale: 'en' | 'zh-CN' = 'en', notes: string[] = []): string {
  return blocksToPlainText(statusSummary(locale, 'orders-db', status, volume, notes).blocks, { maxChars: 10_000 });
}

describe('statusSummary', () => {
  it('shows pod, node, PVC and volume facts', () => {
    const text = render(STATUS, VOLUME);
    expect(text).toContain('mysql-7d4b9c-x2k8q');
    expect(text).toContain('gke-node-a');
    expect(text).toContain('Running');
    expect(text).toContain('1Gi');
    expect(text).toContain('px-ha-sc');
    expect(text).toContain('127.0.10.3');
    expect(text).toContain('Replication status');
    expect(text).toContain('1.0 GiB');
  });

  it('names replica nodes by address', () => {
    const summary = statusSummary('en', 'orders-db', STATUS, VOLUME, [], new Map([['127.0.10.3', 'gke-node-b']]));
    const text = blocksToPlainText(summary.blocks, { maxChars: 10_000 });
    expect(text).toContain('`gke-node-b` (127.0.10.3)');
    expect(text).toContain('`127.0.10.2`');
  });

  it('marks a cordoned node', () => {
    const text = render(STATUS, VOLUME);
    expect(text).toContain('*Cordoned*\nyes');
  });

  it('reports a Deployment without pods', () => {
    const text = render({ ...STATUS, pods: [], nodes: [] }, undefined);
    expect(text).toContain('No pod found for Deployment `mysql`');
  });

  it('reports an unscheduled pod', () => {
    const pending = { ...STATUS.pods[0]!, phase: 'Pending', nodeName: undefined, ready: false };
    const text = render({ ...STATUS, pods: [pending], nodes: [] }, undefined);
    expect(text).toContain('is not scheduled on a node yet');
  });

  it('escapes cluster data', () => {
    const hostile = { ...STATUS, pvc: { ...STATUS.pvc, phase: '<!channel> Bound' } };
    const text = render(hostile, VOLUME);
    expect(text).not.toContain('<!channel>');
    expect(text).toContain('&lt;!channel&gt;');
  });

  it('uses the zh-CN catalog', () => {
    const text = render(STATUS, VOLUME, 'zh-CN');
    expect(text).not.toContain('Replication status');
    expect(text).toContain('px-mysql-pvc');
  });
});

describe('formatGiB', () => {
  it('prints one decimal like pxctl', () => {
    expect(formatGiB(2 ** 30)).toBe('1.0 GiB');
    expect(formatGiB(2.5 * 2 ** 30)).toBe('2.5 GiB');
  });
});
