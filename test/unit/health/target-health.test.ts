import type { V1Node, V1Pod } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { evaluateTargetHealth, hasPodOnNotReadyNode, healthChangeKey } from '../../../src/health/target-health.js';

function node(name: string, ready: 'True' | 'False' | 'Unknown', since = '2026-12-04T21:00:00Z'): V1Node {
  return {
    metadata: { name },
    status: { conditions: [{ type: 'Ready', status: ready, reason: ready === 'Unknown' ? 'NodeStatusUnknown' : 'KubeletReady', lastTransitionTime: new Date(since) }] },
  };
}

function pod(name: string, nodeName: string | undefined, ready: boolean, options: { since?: string; deleting?: string } = {}): V1Pod {
  return {
    metadata: { name, creationTimestamp: new Date('2026-12-04T20:00:00Z'), ...(options.deleting ? { deletionTimestamp: new Date(options.deleting) } : {}) },
    spec: { containers: [], ...(nodeName === undefined ? {} : { nodeName }) },
    status: { conditions: [{ type: 'Ready', status: ready ? 'True' : 'False', reason: ready ? undefined : 'ContainersNotReady', lastTransitionTime: new Date(options.since ?? '2026-12-04T21:00:00Z') }] },
  } as V1Pod;
}

const nodes = (...list: V1Node[]) => new Map(list.map((item) => [String(item.metadata?.name), item]));

describe('evaluateTargetHealth', () => {
  it('Ready pod on Ready node is healthy', () => {
    expect(evaluateTargetHealth([pod('mysql-a', 'n1', true)], nodes(node('n1', 'True')))).toEqual({ healthy: true, serving: { pod: 'mysql-a', node: 'n1' } });
  });

  it('Ready pod on NotReady node is unhealthy', () => {
    const health = evaluateTargetHealth([pod('mysql-a', 'n1', true)], nodes(node('n1', 'Unknown', '2026-12-04T22:00:05Z')));
    expect(health.healthy).toBe(false);
    if (health.healthy) return;
    expect(health.pods).toEqual([
      expect.objectContaining({ pod: 'mysql-a', node: 'n1', podReady: true, nodeReady: false, nodeConditions: ['Ready=Unknown (NodeStatusUnknown)'], since: '2026-12-04T22:00:05.000Z' }),
    ]);
    expect(health.since).toBe('2026-12-04T22:00:05.000Z');
    expect(hasPodOnNotReadyNode(health.pods)).toBe(true);
  });

  it('pod since is the earliest transition', () => {
    const health = evaluateTargetHealth([pod('mysql-a', 'n1', false, { since: '2026-12-04T22:00:20Z' })], nodes(node('n1', 'Unknown', '2026-12-04T22:00:05Z')));
    expect(health.healthy ? undefined : health.since).toBe('2026-12-04T22:00:05.000Z');
  });

  it('not Ready pod on Ready node needs no force', () => {
    const health = evaluateTargetHealth([pod('mysql-a', 'n1', false)], nodes(node('n1', 'True')));
    expect(health.healthy).toBe(false);
    if (health.healthy) return;
    expect(health.pods[0]?.podConditions).toEqual(['Ready=False (ContainersNotReady)']);
    expect(hasPodOnNotReadyNode(health.pods)).toBe(false);
  });

  it('Terminating pod beside Ready replacement is healthy', () => {
    const pods = [pod('mysql-old', 'n1', false, { deleting: '2026-12-04T22:01:00Z' }), pod('mysql-new', 'n2', true)];
    expect(evaluateTargetHealth(pods, nodes(node('n1', 'Unknown'), node('n2', 'True')))).toEqual({ healthy: true, serving: { pod: 'mysql-new', node: 'n2' } });
  });

  it('Ready but Terminating pod is unhealthy', () => {
    const health = evaluateTargetHealth([pod('mysql-a', 'n1', true, { deleting: '2026-12-04T22:01:00Z' })], nodes(node('n1', 'True')));
    expect(health.healthy).toBe(false);
    if (health.healthy) return;
    expect(health.pods[0]).toEqual(expect.objectContaining({ terminating: true, since: '2026-12-04T22:01:00.000Z' }));
  });

  it('missing node counts as NotReady', () => {
    const health = evaluateTargetHealth([pod('mysql-a', 'gone', true)], nodes());
    expect(health.healthy ? undefined : health.pods[0]).toEqual(expect.objectContaining({ nodeReady: false, nodeConditions: ['node not found'] }));
  });

  it('unscheduled pod and no pods', () => {
    const pending = evaluateTargetHealth([pod('mysql-a', undefined, false)], nodes());
    expect(pending.healthy ? undefined : pending.pods[0]).toEqual(expect.objectContaining({ node: undefined, nodeReady: undefined }));
    expect(evaluateTargetHealth([], nodes())).toEqual({ healthy: false, pods: [], since: undefined });
  });

  it('Deployment scaled to zero is healthy', () => {
    expect(evaluateTargetHealth([], nodes(), 0)).toEqual({ healthy: true, serving: undefined });
    const draining = evaluateTargetHealth([pod('mysql-a', 'n1', false, { deleting: '2026-12-04T22:01:00Z' })], nodes(node('n1', 'True')), 0);
    expect(draining).toEqual({ healthy: true, serving: undefined });
  });

  it('change key ignores condition times', () => {
    const early = evaluateTargetHealth([pod('mysql-a', 'n1', false, { since: '2026-12-04T22:00:00Z' })], nodes(node('n1', 'True')));
    const late = evaluateTargetHealth([pod('mysql-a', 'n1', false, { since: '2026-12-04T22:05:00Z' })], nodes(node('n1', 'True')));
    const moved = evaluateTargetHealth([pod('mysql-a', 'n1', false)], nodes(node('n1', 'Unknown')));
    if (early.healthy || late.healthy || moved.healthy) throw new Error('expected unhealthy targets');
    expect(healthChangeKey(early.pods)).toBe(healthChangeKey(late.pods));
    expect(healthChangeKey(moved.pods)).not.toBe(healthChangeKey(early.pods));
  });
});
