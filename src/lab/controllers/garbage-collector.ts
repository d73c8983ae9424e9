import type { KubeObject } from '../apiserver/kube-object.js';
import type { ResourceType } from '../apiserver/resources.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';
import { startControllerLoop, type RunningController } from './controller-loop.js';

const FOREGROUND = 'foregroundDeletion';
const ORPHAN = 'orphan';

/**
 * Starts the garbage collector. It deletes an object once none of its owners exists any more
 * (background propagation: the owner is gone first, then its dependents, then theirs), and
 * drops references to gone owners from objects that still have a live owner.
 * Owners that wait on the `foregroundDeletion` or `orphan` finalizer are handled like the real
 * garbage collector does: dependents are deleted first, or released, and then the finalizer is removed.
 * NOTE: the lab apiserver ignores `propagationPolicy` in DeleteOptions and adds neither finalizer,
 * so a plain delete always propagates in the background, even `kubectl delete --cascade=orphan`.
 */
export function startGarbageCollector(runtime: LabRuntime): RunningController {
  const types = runtime.store.registry.all();
  return startControllerLoop(runtime, {
    name: 'garbage-collector',
    resources: types.map((type) => (type.group === '' ? type.plural : `${type.plural}.${type.group}`)).filter((name) => name !== 'events'),
    reconcile: () => collectGarbage(runtime, types),
  });
}

function collectGarbage(runtime: LabRuntime, types: ResourceType[]): void {
  const all = types.filter((type) => type.kind !== 'Event').flatMap((type) => runtime.store.list(type).items.map((object) => ({ type, object })));
  const byUid = new Map(all.map((entry) => [String(entry.object.metadata.uid), entry]));
  const dependentsOf = (owner: KubeObject): Array<{ type: ResourceType; object: KubeObject }> =>
    all.filter(({ object }) => (object.metadata.ownerReferences ?? []).some((reference: KubeObject) => reference.uid === owner.metadata.uid));

  for (const { type, object } of all) {
    const finalizers: string[] = object.metadata.finalizers ?? [];
    if (object.metadata.deletionTimestamp && finalizers.includes(ORPHAN)) orphanDependents(runtime, type, object, dependentsOf(object));
    else if (object.metadata.deletionTimestamp && finalizers.includes(FOREGROUND)) deleteForeground(runtime, type, object, dependentsOf(object));
  }

  for (const { type, object } of all) {
    const references: KubeObject[] = object.metadata.ownerReferences ?? [];
    if (references.length === 0 || object.metadata.deletionTimestamp) continue;
    const live = references.filter((reference) => ownerExists(runtime, byUid, object, reference));
    if (live.length === references.length) continue;
    if (live.length === 0) {
      runtime.logger.debug({ kind: type.kind, namespace: object.metadata.namespace, name: object.metadata.name }, 'deleting an object whose owners are gone');
      deleteIfPresent(runtime, type, object);
    } else {
      const liveUids = new Set(live.map((reference) => reference.uid));
      updateCurrent(runtime, type, object, (metadata) => ({ ...metadata, ownerReferences: (metadata.ownerReferences ?? []).filter((reference: KubeObject) => liveUids.has(reference.uid)) }));
    }
  }
}

/**
 * True when the referenced owner exists with the referenced uid. An owner of a kind the lab does
 * not serve (e.g. a DaemonSet) counts as existing, so its dependents are never collected.
 */
function ownerExists(runtime: LabRuntime, byUid: Map<string, { object: KubeObject }>, dependent: KubeObject, reference: KubeObject): boolean {
  if (byUid.has(String(reference.uid))) return true;
  const type = runtime.store.registry.findByKind(String(reference.apiVersion), String(reference.kind));
  if (!type) return true;
  const owner = runtime.store.find(type, type.namespaced ? dependent.metadata.namespace : undefined, String(reference.name));
  return owner?.metadata.uid === reference.uid;
}

function orphanDependents(runtime: LabRuntime, type: ResourceType, owner: KubeObject, dependents: Array<{ type: ResourceType; object: KubeObject }>): void {
  for (const dependent of dependents) {
    updateCurrent(runtime, dependent.type, dependent.object, (metadata) => ({
      ...metadata,
      ownerReferences: (metadata.ownerReferences ?? []).filter((reference: KubeObject) => reference.uid !== owner.metadata.uid),
    }));
  }
  removeFinalizer(runtime, type, owner, ORPHAN);
}

/** Deletes the dependents that block the owner's deletion, and removes the finalizer once none is left. */
function deleteForeground(runtime: LabRuntime, type: ResourceType, owner: KubeObject, dependents: Array<{ type: ResourceType; object: KubeObject }>): void {
  const blocking = dependents.filter(({ object }) =>
    (object.metadata.ownerReferences ?? []).some((reference: KubeObject) => reference.uid === owner.metadata.uid && reference.blockOwnerDeletion === true),
  );
  for (const dependent of blocking) deleteIfPresent(runtime, dependent.type, dependent.object);
  if (blocking.length === 0) removeFinalizer(runtime, type, owner, FOREGROUND);
}

function removeFinalizer(runtime: LabRuntime, type: ResourceType, object: KubeObject, finalizer: string): void {
  updateCurrent(runtime, type, object, (metadata) => ({ ...metadata, finalizers: (metadata.finalizers ?? []).filter((name: string) => name !== finalizer) }));
}

/** Changes the metadata of the stored version of `object`, which an earlier write of this pass may have changed. */
function updateCurrent(runtime: LabRuntime, type: ResourceType, object: KubeObject, change: (metadata: KubeObject) => KubeObject): void {
  const current = runtime.store.find(type, object.metadata.namespace, object.metadata.name);
  if (!current || current.metadata.uid !== object.metadata.uid) return;
  runtime.store.update(type, { ...current, metadata: change(current.metadata) });
}

function deleteIfPresent(runtime: LabRuntime, type: ResourceType, object: KubeObject): void {
  const current = runtime.store.find(type, object.metadata.namespace, object.metadata.name);
  if (!current || current.metadata.uid !== object.metadata.uid || current.metadata.deletionTimestamp) return;
  runtime.store.delete(type, object.metadata.namespace, object.metadata.name, { preconditions: { uid: String(object.metadata.uid) } });
}
