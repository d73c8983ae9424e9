import { describe, it, expect } from 'vitest';
import { humanDuration } from '../../../src/lab/apiserver/human-duration.js';
import { createDefaultRegistry } from '../../../src/lab/apiserver/resources.js';
import { buildTable } from '../../../src/lab/apiserver/table.js';

const now = new Date('2025-01-01T12:00:00Z');

describe('humanDuration', () => {
  const cases: [number, string][] = [
    [45, '45s'],
    [119, '119s'],
    [330, '5m30s'],
    [600, '10m'],
    [3 * 3600 + 600, '3h10m'],
    [30 * 3600, '30h'],
    [2 * 86400 + 4 * 3600, '2d4h'],
    [400 * 86400, '400d'],
  ];
  for (const [seconds, expected] of cases) {
    it(`formats ${seconds}s as ${expected}`, () => {
      expect(humanDuration(seconds * 1000)).toBe(expected);
    });
  }
});

describe('buildTable', () => {
  const registry = createDefaultRegistry();

  it('prints a cordoned node as Ready,SchedulingDisabled', () => {
    const node = {
      metadata: { name: 'n1', creationTimestamp: '2025-01-01T11:00:00Z' },
      spec: { unschedulable: true },
      status: { conditions: [{ type: 'Ready', status: 'True' }], nodeInfo: { kubeletVersion: 'v1.33.5-gke.1201000' } },
    };
    const table = buildTable(registry.resolve('nodes'), [node], {}, 'PartialObjectMetadata', now);
    expect(table.columnDefinitions.map((column: { name: string }) => column.name).slice(0, 5)).toEqual(['Name', 'Status', 'Roles', 'Age', 'Version']);
    expect(table.rows[0].cells.slice(0, 5)).toEqual(['n1', 'Ready,SchedulingDisabled', '<none>', '60m', 'v1.33.5-gke.1201000']);
    expect(table.rows[0].object).toEqual({ kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: node.metadata });
  });

  it('prints a terminating pod with its readiness and restarts', () => {
    const pod = {
      metadata: { name: 'p', creationTimestamp: '2025-01-01T11:59:00Z', deletionTimestamp: '2025-01-01T12:00:30Z' },
      spec: { nodeName: 'n1', containers: [{ name: 'a' }, { name: 'b' }] },
      status: { phase: 'Running', podIP: '127.0.20.10', containerStatuses: [{ ready: true, restartCount: 2 }, { ready: false, restartCount: 1 }] },
    };
    const table = buildTable(registry.resolve('pods'), [pod], {}, 'None', now);
    expect(table.rows[0].cells).toEqual(['p', '1/2', 'Terminating', 3, '60s', '127.0.20.10', 'n1', '<none>', '<none>']);
    expect(table.rows[0].object).toBeUndefined();
  });

  it('falls back to NAME and AGE', () => {
    const table = buildTable(registry.resolve('clusterrolebindings'), [{ metadata: { name: 'crb', creationTimestamp: '2025-01-01T11:59:00Z' } }], {}, 'Object', now);
    expect(table.rows[0].cells).toEqual(['crb', '60s']);
    expect(table.rows[0].object.metadata.name).toBe('crb');
  });
});
