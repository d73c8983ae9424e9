import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../src/lab/apiserver/api-error.js';
import type { KubeObject } from '../../../src/lab/apiserver/kube-object.js';
import { ObjectStore } from '../../../src/lab/apiserver/object-store.js';

const FORBIDDEN_MESSAGE = 'only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize';

/** Builds a store with two classes and a claim of `className`, bound unless `bound` is false. */
function storeWithClaim(className: string, bound = true): ObjectStore {
  const store = new ObjectStore();
  store.create('namespaces', { metadata: { name: 'default' } });
  store.create('storageclasses.storage.k8s.io', { metadata: { name: 'fixed' }, provisioner: 'pxd.portworx.com' });
  store.create('storageclasses.storage.k8s.io', { metadata: { name: 'expandable' }, provisioner: 'pxd.portworx.com', allowVolumeExpansion: true });
  const claim = store.create('persistentvolumeclaims', {
    metadata: { name: 'data', namespace: 'default' },
    spec: { storageClassName: className, accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } },
  });
  if (bound) store.updateStatus('persistentvolumeclaims', { ...claim, status: { phase: 'Bound' } });
  return store;
}

function resize(store: ObjectStore, storage: string, change: (claim: KubeObject) => void = () => {}): KubeObject {
  const claim = store.get('persistentvolumeclaims', 'default', 'data');
  claim.spec.resources.requests.storage = storage;
  change(claim);
  return store.update('persistentvolumeclaims', claim);
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

describe('PVC resize admission', () => {
  it('grows a claim of an expandable class', () => {
    const store = storeWithClaim('expandable');
    expect(resize(store, '2Gi').spec.resources.requests.storage).toBe('2Gi');
  });

  it('forbids growth without allowVolumeExpansion', () => {
    const error = caught(() => resize(storeWithClaim('fixed'), '2Gi'));
    expect(error.code).toBe(403);
    expect(error.reason).toBe('Forbidden');
    expect(error.message).toBe(`persistentvolumeclaims "data" is forbidden: ${FORBIDDEN_MESSAGE}`);
    expect(error.details).toEqual({ name: 'data', group: '', kind: 'persistentvolumeclaims' });
  });

  it('forbids growth when the class is missing', () => {
    const error = caught(() => resize(storeWithClaim('deleted-class'), '2Gi'));
    expect(error.code).toBe(403);
  });

  it('prefers the beta storage-class annotation', () => {
    const store = storeWithClaim('expandable');
    const claim = store.get('persistentvolumeclaims', 'default', 'data');
    claim.metadata.annotations = { 'volume.beta.kubernetes.io/storage-class': 'fixed' };
    store.update('persistentvolumeclaims', claim);
    const error = caught(() => resize(store, '2Gi'));
    expect(error.code).toBe(403);
  });

  it('keeps shrinking invalid', () => {
    const error = caught(() => resize(storeWithClaim('fixed'), '512Mi'));
    expect(error.code).toBe(422);
    expect(error.message).toContain('spec.resources.requests.storage: Forbidden: field can not be less than previous value');
  });

  it('rejects resizing an unbound claim as invalid', () => {
    const error = caught(() => resize(storeWithClaim('expandable', false), '2Gi'));
    expect(error.code).toBe(422);
    expect(error.message).toContain('spec: Forbidden: spec is immutable after creation');
  });

  it('allows an unchanged size on a fixed class', () => {
    const store = storeWithClaim('fixed');
    const updated = resize(store, '1Gi', (claim) => (claim.metadata.labels = { tier: 'db' }));
    expect(updated.metadata.labels).toEqual({ tier: 'db' });
  });

  it('ignores status updates', () => {
    const store = storeWithClaim('fixed');
    const claim = store.get('persistentvolumeclaims', 'default', 'data');
    claim.status = { phase: 'Bound', capacity: { storage: '1Gi' } };
    expect(store.updateStatus('persistentvolumeclaims', claim).status.capacity.storage).toBe('1Gi');
  });
});
