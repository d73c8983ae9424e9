import { describe, it, expect } from 'vitest';
import { ApiError } from '../../../src/lab/apiserver/api-error.js';
import { applyJsonPatch } from '../../../src/lab/apiserver/json-patch.js';
import { applyMergePatch } from '../../../src/lab/apiserver/merge-patch.js';
import { applyPatch } from '../../../src/lab/apiserver/patch.js';
import { createDefaultRegistry } from '../../../src/lab/apiserver/resources.js';
import { applyStrategicMergePatch } from '../../../src/lab/apiserver/strategic-merge-patch.js';

const deployment = {
  metadata: { name: 'mysql', finalizers: ['a'] },
  spec: {
    template: {
      spec: {
        containers: [
          { name: 'mysql', image: 'mysql:5.6', env: [{ name: 'A', value: '1' }, { name: 'B', value: '2' }], ports: [{ containerPort: 3306 }] },
          { name: 'sidecar', image: 'busybox' },
        ],
        volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'px-mysql-pvc' } }],
      },
    },
  },
};

describe('merge patch', () => {
  it('merges maps, removes nulls and replaces lists', () => {
    const result = applyMergePatch({ a: { b: 1, c: 2 }, list: [1, 2] }, { a: { b: null, d: 3 }, list: [3] });
    expect(result).toEqual({ a: { c: 2, d: 3 }, list: [3] });
  });
});

describe('JSON patch', () => {
  it('applies add, replace, remove, move, copy and test', () => {
    const result = applyJsonPatch({ a: 1, list: [1, 2] }, [
      { op: 'test', path: '/a', value: 1 },
      { op: 'replace', path: '/a', value: 5 },
      { op: 'add', path: '/list/-', value: 3 },
      { op: 'remove', path: '/list/0' },
      { op: 'copy', from: '/a', path: '/b' },
      { op: 'move', from: '/b', path: '/c~1d' },
    ]);
    expect(result).toEqual({ a: 5, list: [2, 3], 'c/d': 5 });
  });

  it('fails a test operation with 422', () => {
    try {
      applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/a', value: 2 }]);
      expect.unreachable('a failed test operation was accepted');
    } catch (error) {
      expect((error as ApiError).code).toBe(422);
    }
  });
});

describe('strategic merge patch', () => {
  it('merges containers and env by name', () => {
    const result = applyStrategicMergePatch(deployment, {
      spec: { template: { spec: { containers: [{ name: 'mysql', image: 'mysql:5.7', env: [{ name: 'B', value: '3' }, { name: 'C', value: '4' }] }] } } },
    }) as typeof deployment;
    const containers = result.spec.template.spec.containers;
    expect(containers.map((container) => container.name)).toEqual(['mysql', 'sidecar']);
    expect(containers[0]?.image).toBe('mysql:5.7');
    expect(containers[0]?.env).toEqual([{ name: 'A', value: '1' }, { name: 'B', value: '3' }, { name: 'C', value: '4' }]);
    expect(containers[0]?.ports).toEqual([{ containerPort: 3306 }]);
  });

  it('deletes a list item with $patch delete', () => {
    const result = applyStrategicMergePatch(deployment, { spec: { template: { spec: { containers: [{ name: 'sidecar', $patch: 'delete' }] } } } }) as typeof deployment;
    expect(result.spec.template.spec.containers.map((container) => container.name)).toEqual(['mysql']);
  });

  it('replaces a list with $patch replace', () => {
    const result = applyStrategicMergePatch(deployment, { spec: { template: { spec: { volumes: [{ $patch: 'replace' }, { name: 'new', emptyDir: {} }] } } } }) as typeof deployment;
    expect(result.spec.template.spec.volumes).toEqual([{ name: 'new', emptyDir: {} }]);
  });

  it('sets a scalar as kubectl cordon does', () => {
    const result = applyStrategicMergePatch({ spec: { podCIDR: 'x' } }, { spec: { unschedulable: true } });
    expect(result).toEqual({ spec: { podCIDR: 'x', unschedulable: true } });
  });

  it('adds to finalizers instead of replacing them', () => {
    const result = applyStrategicMergePatch(deployment, { metadata: { finalizers: ['b'] } }) as typeof deployment;
    expect(result.metadata.finalizers).toEqual(['a', 'b']);
  });
});

describe('patch media types', () => {
  const registry = createDefaultRegistry();

  it('rejects an unknown media type with 415', () => {
    try {
      applyPatch(registry.resolve('pods'), 'application/apply-patch+yaml', {}, {});
      expect.unreachable('an unknown patch media type was accepted');
    } catch (error) {
      expect((error as ApiError).code).toBe(415);
      expect((error as ApiError).reason).toBe('UnsupportedMediaType');
    }
  });

  it('rejects strategic merge patch on a custom resource', () => {
    const snapshots = registry.resolve('volumesnapshots.snapshot.storage.k8s.io');
    expect(() => applyPatch(snapshots, 'application/strategic-merge-patch+json', {}, {})).toThrow(/unknown format/);
  });
});
