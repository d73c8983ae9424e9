import { gone } from './api-error.js';
import type { KubeObject } from './kube-object.js';
import type { ResourceType } from './resources.js';

export type StoreEventType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One change to one object, as in-process controllers and watches receive it. */
export interface StoreEvent {
  type: StoreEventType;
  resource: ResourceType;
  /** The object after the change; for DELETED, its last state with the deletion's resourceVersion. */
  object: KubeObject;
  /** The object before the change, for MODIFIED and DELETED. */
  previous: KubeObject | undefined;
  resourceVersion: number;
}

export type StoreListener = (event: StoreEvent) => void;

/**
 * The recent change events of the store and its subscribers. Watches resume from any
 * resourceVersion still in the window; older ones get 410 Gone, as after an etcd compaction.
 */
export class StoreHistory {
  private readonly events: StoreEvent[] = [];
  private readonly listeners = new Set<StoreListener>();
  private readonly compactionListeners = new Set<() => void>();
  /** Every event with a resourceVersion above this one is still in `events`. */
  private compactedRevision = 0;

  constructor(private readonly windowSize: number) {}

  publish(event: StoreEvent): void {
    this.events.push(event);
    while (this.events.length > this.windowSize) {
      const dropped = this.events.shift();
      if (dropped) this.compactedRevision = dropped.resourceVersion;
    }
    for (const listener of [...this.listeners]) listener(event);
  }

  subscribe(listener: StoreListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Registers a callback for `compact()`, which ends every open watch with 410 Gone. */
  onCompaction(listener: () => void): () => void {
    this.compactionListeners.add(listener);
    return () => this.compactionListeners.delete(listener);
  }

  /** Returns the events after `resourceVersion`. Throws a 410 ApiError when they left the window. */
  eventsSince(resourceVersion: number): StoreEvent[] {
    if (resourceVersion < this.compactedRevision) {
      throw gone(`too old resource version: ${resourceVersion} (${this.compactedRevision + 1})`);
    }
    return this.events.filter((event) => event.resourceVersion > resourceVersion);
  }

  /** Drops the whole window up to `currentRevision` and notifies open watches, like an etcd compaction. */
  compact(currentRevision: number): void {
    this.events.length = 0;
    this.compactedRevision = currentRevision;
    for (const listener of [...this.compactionListeners]) listener();
  }
}
