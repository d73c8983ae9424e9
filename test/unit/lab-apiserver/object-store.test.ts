import { describe, it, expect } from 'vitest';
import { ApiError } from '../../../src/lab/apiserver/api-error.js';
import { ObjectStore } from '../../../src/lab/apiserver/object-store.js';
import type { StoreEvent } from '../../../src/lab/apiserver/store-history.js';

function storeWithNamespace(options: { historySize?: number } = {}): ObjectStore {
  const store = new ObjectStore(options);
  store.create('namespaces', { metadata: { name: 'default' } });
  return store;
}

function configMap(name: string, data: Record<string, string> = {}): Record<string, unknown> {
  return { metadata: { name, namespace: 'default' }, data };
}

function pod(name: string, nodeName?: string): Record<string, unknown> {
  return {
    metadata: { name, namespace: 'default', labels: { app: 'mysql' } },
    spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'mysql', image: 'mysql:5.6' }] },
  };
}

function caught(action: () => unknown): ApiError {
  try {
    action();
  } catch (error) {
    if (error instanceof ApiError) return error;
    throw error;
  }
  throw new Error('expected an ApiError');
}

describe('ObjectStore create and get', () => {
  it('sets uid, creationTimestamp and increasing resourceVersions', () => {
    const store = storeWithNamespace();
    const first = store.create('configmaps', configMap('a'));
    const second = store.create('configmaps', configMap('b'));
    expect(first.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.metadata.creationTimestamp).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    expect(Number(second.metadata.resourceVersion)).toBeGreaterThan(Number(first.metadata.resourceVersion));
    expect(store.list('configmaps', { namespace: 'default' }).resourceVersion).toBe(second.metadata.resourceVersion);
    expect(first.apiVersion).toBe('v1');
    expect(first.kind).toBe('ConfigMap');
  });

  it('rejects a duplicate name with 409 AlreadyExists', () => {
    const store = storeWithNamespace();
    store.create('configmaps', configMap('a'));
    const error = caught(() => store.create('configmaps', configMap('a')));
    expect(error.code).toBe(409);
    expect(error.reason).toBe('AlreadyExists');
    expect(error.message).toBe('configmaps "a" already exists');
  });

  it('rejects an invalid name with 422 Invalid', () => {
    const error = caught(() => storeWithNamespace().create('configmaps', configMap('Bad_Name')));
    expect(error.code).toBe(422);
    expect(error.reason).toBe('Invalid');
    expect(error.details?.causes?.[0]?.field).toBe('metadata.name');
  });

  it('rejects a missing namespace with 404', () => {
    const store = new ObjectStore();
    const error = caught(() => store.create('configmaps', configMap('a')));
    expect(error.code).toBe(404);
    expect(error.message).toBe('namespaces "default" not found');
  });

  it('reports a missing object as 404 NotFound', () => {
    const error = caught(() => storeWithNamespace().get('deployments.apps', 'default', 'mysql'));
    expect(error.code).toBe(404);
    expect(error.message).toBe('deployments.apps "mysql" not found');
    expect(error.details).toEqual({ name: 'mysql', group: 'apps', kind: 'deployments' });
  });

  it('fills generateName with a random suffix', () => {
    const created = storeWithNamespace().create('configmaps', { metadata: { generateName: 'snap-', namespace: 'default' } });
    expect(created.metadata.name).toMatch(/^snap-[bcdfghjklmnpqrstvwxz2456789]{5}$/);
  });
});

describe('ObjectStore update', () => {
  it('rejects a stale resourceVersion with 409 Conflict', () => {
    const store = storeWithNamespace();
    const created = store.create('configmaps', configMap('a'));
    store.update('configmaps', { ...created, data: { x: '1' } });
    const error = caught(() => store.update('configmaps', { ...created, data: { x: '2' } }));
    expect(error.code).toBe(409);
    expect(error.reason).toBe('Conflict');
    expect(error.message).toContain('the object has been modified');
  });

  it('bumps generation only when the spec changes', () => {
    const store = storeWithNamespace();
    const created = store.create('pods', pod('p'));
    expect(created.metadata.generation).toBe(1);
    const labelled = store.update('pods', { ...created, metadata: { ...created.metadata, labels: { app: 'x' } } });
    expect(labelled.metadata.generation).toBe(1);
    const changed = store.update('pods', { ...labelled, spec: { ...labelled.spec, nodeName: 'n1' } });
    expect(changed.metadata.generation).toBe(2);
  });

  it('keeps the resourceVersion on a no-op update', () => {
    const store = storeWithNamespace();
    const created = store.create('configmaps', configMap('a', { x: '1' }));
    const same = store.update('configmaps', created);
    expect(same.metadata.resourceVersion).toBe(created.metadata.resourceVersion);
  });

  it('keeps status on update and spec on updateStatus', () => {
    const store = storeWithNamespace();
    const created = store.create('pods', pod('p'));
    const updated = store.update('pods', { ...created, status: { phase: 'Running' } });
    expect(updated.status.phase).toBe('Pending');
    const withStatus = store.updateStatus('pods', { ...updated, spec: { containers: [] }, status: { phase: 'Running' } });
    expect(withStatus.status.phase).toBe('Running');
    expect(withStatus.spec.containers).toHaveLength(1);
  });
});

describe('ObjectStore delete', () => {
  it('marks a scheduled pod and removes it at grace period 0', () => {
    const store = storeWithNamespace();
    store.create('pods', pod('p', 'node-1'));
    const marked = store.delete('pods', 'default', 'p');
    expect(marked.removed).toBe(false);
    expect(marked.object.metadata.deletionTimestamp).toBeDefined();
    expect(marked.object.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(store.find('pods', 'default', 'p')).toBeDefined();
    const removed = store.delete('pods', 'default', 'p', { gracePeriodSeconds: 0 });
    expect(removed.removed).toBe(true);
    expect(store.find('pods', 'default', 'p')).toBeUndefined();
  });

  it('removes an unscheduled pod at once', () => {
    const store = storeWithNamespace();
    store.create('pods', pod('p'));
    expect(store.delete('pods', 'default', 'p').removed).toBe(true);
  });

  it('rejects a uid precondition mismatch with 409', () => {
    const store = storeWithNamespace();
    store.create('pods', pod('p', 'node-1'));
    const error = caught(() => store.delete('pods', 'default', 'p', { preconditions: { uid: 'other' } }));
    expect(error.code).toBe(409);
    expect(error.message).toContain('Precondition failed: UID in precondition: other');
  });

  it('waits for finalizers before removing', () => {
    const store = storeWithNamespace();
    store.create('configmaps', { ...configMap('a'), metadata: { name: 'a', namespace: 'default', finalizers: ['example.com/hold'] } });
    const marked = store.delete('configmaps', 'default', 'a');
    expect(marked.removed).toBe(false);
    store.update('configmaps', { ...marked.object, metadata: { ...marked.object.metadata, finalizers: [] } });
    expect(store.find('configmaps', 'default', 'a')).toBeUndefined();
  });
});

describe('ObjectStore events', () => {
  it('sends ADDED, MODIFIED and DELETED to subscribers', () => {
    const store = storeWithNamespace();
    const events: StoreEvent[] = [];
    store.subscribe((event) => events.push(event));
    const created = store.create('configmaps', configMap('a'));
    store.update('configmaps', { ...created, data: { x: '1' } });
    store.delete('configmaps', 'default', 'a');
    expect(events.map((event) => event.type)).toEqual(['ADDED', 'MODIFIED', 'DELETED']);
    expect(events[1]?.previous?.data).toEqual({});
    expect(events[2]?.object.metadata.resourceVersion).toBe(store.resourceVersion);
  });

  it('returns events since a resourceVersion and 410 when too old', () => {
    const store = storeWithNamespace({ historySize: 3 });
    const start = Number(store.resourceVersion);
    for (const name of ['a', 'b', 'c', 'd']) store.create('configmaps', configMap(name));
    expect(store.eventsSince(start + 2).map((event) => event.object.metadata.name)).toEqual(['c', 'd']);
    const error = caught(() => store.eventsSince(start - 1));
    expect(error.code).toBe(410);
    expect(error.reason).toBe('Expired');
  });
});
