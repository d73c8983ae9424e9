import { randomUUID } from 'node:crypto';
import { ApiError, alreadyExists, badRequest, conflict, notFound, type ErrorSubject } from './api-error.js';
import { cloneJson, jsonEqual, type KubeObject } from './kube-object.js';
import { matchesFieldSelector, parseFieldSelector } from './field-selector.js';
import { matchesLabelSelector, parseLabelSelector, type LabelSelector } from './label-selector.js';
import { applyCreateDefaults, normalizeSecret } from './object-defaults.js';
import { validateCreate, validateUpdate } from './object-validation.js';
import { admitClaimResize } from './claim-resize-admission.js';
import { apiVersionOf, createDefaultRegistry, qualifiedResourceOf, type ResourceRegistry, type ResourceType } from './resources.js';
import { StoreHistory, type StoreEvent, type StoreEventType, type StoreListener } from './store-history.js';
import { randomSuffix } from './random-suffix.js';
import { deletionPlan } from './deletion-plan.js';

export type { StoreEvent, StoreEventType, StoreListener } from './store-history.js';

/** A resource as callers name it: a registered type or its qualified name (`pods`, `deployments.apps`). */
export type ResourceRef = ResourceType | string;

export interface ListOptions {
  /** Namespace to list; undefined lists every namespace (and is required for cluster-scoped types). */
  namespace?: string;
  labelSelector?: string | LabelSelector;
  fieldSelector?: string;
}

export interface DeleteOptions {
  /** Seconds to wait before the object may be removed; 0 removes it at once. Only pods wait. */
  gracePeriodSeconds?: number;
  preconditions?: { uid?: string; resourceVersion?: string };
}

export interface DeleteResult {
  object: KubeObject;
  /** False when the object stays with a deletionTimestamp (grace period or finalizers). */
  removed: boolean;
}

export interface ObjectStoreOptions {
  registry?: ResourceRegistry;
  /** Number of change events kept for watches to resume from; default 1000. */
  historySize?: number;
  now?: () => Date;
}

/**
 * In-memory object store of the lab apiserver: CRUD with a cluster-wide resourceVersion,
 * optimistic concurrency, graceful deletion and change events. Objects returned are copies.
 * Errors are thrown as ApiError with the reason and code a real apiserver uses.
 */
export class ObjectStore {
  readonly registry: ResourceRegistry;
  private readonly objects = new Map<string, KubeObject>();
  private readonly history: StoreHistory;
  private readonly now: () => Date;
  private revision = 0;
  private nextClusterIp = 10;

  constructor(options: ObjectStoreOptions = {}) {
    this.registry = options.registry ?? createDefaultRegistry();
    this.history = new StoreHistory(options.historySize ?? 1000);
    this.now = options.now ?? (() => new Date());
  }

  /** The resourceVersion of the latest write, as a string like lists carry it. */
  get resourceVersion(): string {
    return String(this.revision);
  }

  resolve(resource: ResourceRef): ResourceType {
    return typeof resource === 'string' ? this.registry.resolve(resource) : resource;
  }

  create(resource: ResourceRef, input: KubeObject): KubeObject {
    const type = this.resolve(resource);
    const object = cloneJson(input);
    object.apiVersion = apiVersionOf(type);
    object.kind = type.kind;
    object.metadata = { ...(object.metadata ?? {}) };
    const metadata = object.metadata;
    if (!metadata.name && metadata.generateName) metadata.name = `${metadata.generateName}${randomSuffix(5)}`;
    this.checkScope(type, metadata);

    const validationError = validateCreate(type, object);
    if (validationError) throw validationError;
    if (type.namespaced && !this.objects.has(this.key(this.resolve('namespaces'), undefined, metadata.namespace))) {
      throw notFound({ qualifiedResource: 'namespaces', group: '', plural: 'namespaces', name: metadata.namespace });
    }
    const key = this.key(type, metadata.namespace, metadata.name);
    if (this.objects.has(key)) throw alreadyExists(this.subject(type, metadata.name));

    applyCreateDefaults(type, object, () => `127.0.30.${this.nextClusterIp++}`);
    metadata.uid = randomUUID();
    metadata.creationTimestamp = isoSeconds(this.now());
    delete metadata.deletionTimestamp;
    delete metadata.deletionGracePeriodSeconds;
    if (object.spec !== undefined) metadata.generation = 1;
    else delete metadata.generation;
    return this.write(type, key, object, undefined, 'ADDED');
  }

  /** Returns a copy of the object; throws a 404 ApiError when it does not exist. */
  get(resource: ResourceRef, namespace: string | undefined, name: string): KubeObject {
    const type = this.resolve(resource);
    const object = this.objects.get(this.key(type, namespace, name));
    if (!object) throw notFound(this.subject(type, name));
    return cloneJson(object);
  }

  /** Returns a copy of the object, or undefined when it does not exist. */
  find(resource: ResourceRef, namespace: string | undefined, name: string): KubeObject | undefined {
    const type = this.resolve(resource);
    const object = this.objects.get(this.key(type, namespace, name));
    return object ? cloneJson(object) : undefined;
  }

  /** Lists objects sorted by namespace and name, with the resourceVersion of the list. */
  list(resource: ResourceRef, options: ListOptions = {}): { items: KubeObject[]; resourceVersion: string } {
    const type = this.resolve(resource);
    const matches = this.matcher(type, options);
    const prefix = `${qualifiedResourceOf(type)}/`;
    const items: KubeObject[] = [];
    for (const [key, object] of this.objects) {
      if (key.startsWith(prefix) && matches(object)) items.push(cloneJson(object));
    }
    items.sort((a, b) => sortKey(a).localeCompare(sortKey(b)));
    return { items, resourceVersion: this.resourceVersion };
  }

  /** Builds the predicate that `list` and watches apply: namespace, label and field selectors. */
  matcher(resource: ResourceRef, options: ListOptions): (object: KubeObject) => boolean {
    const type = this.resolve(resource);
    const labels = typeof options.labelSelector === 'string' ? parseLabelSelector(options.labelSelector) : (options.labelSelector ?? []);
    const fields = parseFieldSelector(options.fieldSelector ?? '', type);
    return (object) =>
      (options.namespace === undefined || !type.namespaced || object.metadata?.namespace === options.namespace) &&
      matchesLabelSelector(labels, object.metadata?.labels) &&
      matchesFieldSelector(fields, object);
  }

  /**
   * Replaces an object (PUT). A `metadata.resourceVersion` that differs from the stored one raises
   * 409 Conflict. For types with a status subresource the stored status is kept; `updateStatus`
   * changes only the status. A write that changes nothing keeps the resourceVersion and sends no event.
   */
  update(resource: ResourceRef, input: KubeObject): KubeObject {
    return this.replace(this.resolve(resource), input, false);
  }

  /** Replaces only the status of an object (PUT on `/status`). */
  updateStatus(resource: ResourceRef, input: KubeObject): KubeObject {
    return this.replace(this.resolve(resource), input, true);
  }

  /**
   * Deletes an object. Pods on a node get a deletionTimestamp and stay until deleted again with a
   * grace period of 0; objects with finalizers stay until an update removes the last finalizer.
   */
  delete(resource: ResourceRef, namespace: string | undefined, name: string, options: DeleteOptions = {}): DeleteResult {
    const type = this.resolve(resource);
    const key = this.key(type, namespace, name);
    const stored = this.objects.get(key);
    if (!stored) throw notFound(this.subject(type, name));
    const { uid, resourceVersion } = options.preconditions ?? {};
    if (uid !== undefined && uid !== stored.metadata.uid) {
      throw conflict(this.subject(type, name), `Precondition failed: UID in precondition: ${uid}, UID in object meta: ${stored.metadata.uid}`);
    }
    if (resourceVersion !== undefined && resourceVersion !== stored.metadata.resourceVersion) {
      throw conflict(this.subject(type, name), `Precondition failed: ResourceVersion in precondition: ${resourceVersion}, ResourceVersion in object meta: ${stored.metadata.resourceVersion}`);
    }

    const plan = deletionPlan(type, stored, options.gracePeriodSeconds, this.now());
    if (plan.kind === 'remove') return { object: this.remove(type, key, stored), removed: true };
    if (plan.kind === 'unchanged') return { object: cloneJson(stored), removed: false };
    const next = cloneJson(stored);
    next.metadata.deletionTimestamp = plan.deletionTimestamp;
    next.metadata.deletionGracePeriodSeconds = plan.gracePeriodSeconds;
    return { object: this.write(type, key, next, stored, 'MODIFIED'), removed: false };
  }

  subscribe(listener: StoreListener): () => void {
    return this.history.subscribe(listener);
  }

  /** Returns the events after `resourceVersion`; throws 410 Gone when they left the window. */
  eventsSince(resourceVersion: number): StoreEvent[] {
    return this.history.eventsSince(resourceVersion);
  }

  onCompaction(listener: () => void): () => void {
    return this.history.onCompaction(listener);
  }

  /** Forgets the event history, so watches that resume from before now get 410 Gone. */
  compact(): void {
    this.history.compact(this.revision);
  }

  /** Removes every object at once (for `lab reset`), sending a DELETED event for each. */
  clear(): void {
    for (const [key, object] of [...this.objects]) {
      const type = this.registry.findByKind(object.apiVersion, object.kind);
      if (type) this.remove(type, key, object);
    }
  }

  private replace(type: ResourceType, input: KubeObject, statusOnly: boolean): KubeObject {
    const name = String(input.metadata?.name ?? '');
    const namespace = type.namespaced ? input.metadata?.namespace : undefined;
    if (name === '') throw badRequest('name is required for an update: set metadata.name');
    const key = this.key(type, namespace, name);
    const stored = this.objects.get(key);
    if (!stored) throw notFound(this.subject(type, name));
    const expectedVersion = input.metadata?.resourceVersion;
    if (expectedVersion !== undefined && expectedVersion !== '' && String(expectedVersion) !== stored.metadata.resourceVersion) {
      throw conflict(this.subject(type, name), 'the object has been modified; please apply your changes to the latest version and try again');
    }

    const next = statusOnly ? { ...cloneJson(stored), status: cloneJson(input.status) } : this.mergeForUpdate(type, stored, input);
    if (!statusOnly) {
      const validationError = validateUpdate(type, stored, next);
      if (validationError) throw validationError;
      const admissionError = this.admitUpdate(type, stored, next);
      if (admissionError) throw admissionError;
    }
    if (jsonEqual(next, stored)) return cloneJson(stored);
    const graceOver = !type.gracefulDeletion || Number(next.metadata.deletionGracePeriodSeconds ?? 0) === 0;
    if (next.metadata.deletionTimestamp && (next.metadata.finalizers ?? []).length === 0 && graceOver) {
      return this.remove(type, key, next);
    }
    return this.write(type, key, next, stored, 'MODIFIED');
  }

  /** Runs the validating admission of an update, after validation as the apiserver orders them. */
  private admitUpdate(type: ResourceType, stored: KubeObject, next: KubeObject): ApiError | undefined {
    if (type.group !== '' || type.plural !== 'persistentvolumeclaims') return undefined;
    const storageClasses = this.registry.resolve('storageclasses.storage.k8s.io');
    return admitClaimResize(stored, next, (name) => this.find(storageClasses, undefined, name));
  }

  /** Builds the object a PUT stores: system metadata from the stored object, generation bumped on spec change. */
  private mergeForUpdate(type: ResourceType, stored: KubeObject, input: KubeObject): KubeObject {
    const next = cloneJson(input);
    next.apiVersion = stored.apiVersion;
    next.kind = stored.kind;
    next.metadata = { ...(next.metadata ?? {}) };
    for (const field of ['name', 'namespace', 'uid', 'creationTimestamp', 'deletionTimestamp', 'deletionGracePeriodSeconds', 'generation', 'resourceVersion']) {
      if (stored.metadata[field] === undefined) delete next.metadata[field];
      else next.metadata[field] = stored.metadata[field];
    }
    if (type.statusSubresource) {
      if (stored.status === undefined) delete next.status;
      else next.status = cloneJson(stored.status);
    }
    if (type.kind === 'Secret') normalizeSecret(next);
    const { metadata: _storedMetadata, status: _storedStatus, ...storedBody } = stored;
    const { metadata: _nextMetadata, status: _nextStatus, ...nextBody } = next;
    if (!jsonEqual(storedBody, nextBody) && stored.metadata.generation !== undefined) {
      next.metadata.generation = Number(stored.metadata.generation) + 1;
    }
    return next;
  }

  private write(type: ResourceType, key: string, object: KubeObject, previous: KubeObject | undefined, eventType: StoreEventType): KubeObject {
    this.revision += 1;
    object.metadata.resourceVersion = String(this.revision);
    this.objects.set(key, object);
    this.history.publish({ type: eventType, resource: type, object: cloneJson(object), previous: previous && cloneJson(previous), resourceVersion: this.revision });
    return cloneJson(object);
  }

  private remove(type: ResourceType, key: string, stored: KubeObject): KubeObject {
    this.revision += 1;
    this.objects.delete(key);
    const last = cloneJson(stored);
    last.metadata.resourceVersion = String(this.revision);
    this.history.publish({ type: 'DELETED', resource: type, object: cloneJson(last), previous: cloneJson(stored), resourceVersion: this.revision });
    return last;
  }

  private checkScope(type: ResourceType, metadata: KubeObject): void {
    if (type.namespaced && !metadata.namespace) throw badRequest(`the namespace of the object is required for ${qualifiedResourceOf(type)}`);
    if (!type.namespaced) delete metadata.namespace;
  }

  private key(type: ResourceType, namespace: string | undefined, name: string): string {
    if (type.namespaced && !namespace) throw new ApiError(400, 'BadRequest', `a namespace is required for ${qualifiedResourceOf(type)}`);
    return type.namespaced ? `${qualifiedResourceOf(type)}/${namespace}/${name}` : `${qualifiedResourceOf(type)}//${name}`;
  }

  private subject(type: ResourceType, name: string): ErrorSubject {
    return { qualifiedResource: qualifiedResourceOf(type), group: type.group, plural: type.plural, name };
  }
}

function sortKey(object: KubeObject): string {
  return `${object.metadata?.namespace ?? ''}/${object.metadata?.name ?? ''}`;
}

/** Formats a time as Kubernetes does in metadata: RFC 3339 with whole seconds. */
export function isoSeconds(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}
