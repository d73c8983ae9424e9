import type { KubeObject } from '../apiserver/kube-object.js';
import { qualifiedResourceOf } from '../apiserver/resources.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';
import { ReconcileLoop } from '../runtime/reconcile-loop.js';

/** A running storage controller. */
export interface StorageController {
  /** Asks for a reconcile run soon. */
  trigger(): void;
  /** Resolves when no run is pending or in progress. */
  idle(): Promise<void>;
  /** Stops the periodic runs and unsubscribes. Resolves when the current run has finished. */
  stop(): Promise<void>;
}

/**
 * Starts a ReconcileLoop named `name` that runs `reconcile` after every store change to one of
 * `resources` (store keys such as `persistentvolumeclaims`) and on every resync.
 */
export function startStoreController(runtime: LabRuntime, name: string, resources: readonly string[], reconcile: () => Promise<void>): StorageController {
  const logger = runtime.logger.child({ controller: name });
  const loop = new ReconcileLoop(name, logger, reconcile, runtime.timing.resyncMs);
  const watched = new Set(resources.map((resource) => qualifiedResourceOf(runtime.store.resolve(resource))));
  const unsubscribe = runtime.store.subscribe((event) => {
    if (watched.has(qualifiedResourceOf(event.resource))) loop.trigger();
  });
  loop.start();
  return {
    trigger: () => loop.trigger(),
    idle: () => loop.idle(),
    async stop() {
      unsubscribe();
      await loop.stop();
    },
  };
}

/** Combines controllers into one whose calls reach every part. */
export function combineControllers(controllers: StorageController[]): StorageController {
  return {
    trigger: () => controllers.forEach((controller) => controller.trigger()),
    async idle() {
      await Promise.all(controllers.map((controller) => controller.idle()));
    },
    async stop() {
      await Promise.all(controllers.map((controller) => controller.stop()));
    },
  };
}

/**
 * Runs `handle` for each object in turn. A failure is logged with the object's name and does not
 * stop the others, and the next resync retries it.
 */
export async function reconcileEach(runtime: LabRuntime, controller: string, objects: KubeObject[], handle: (object: KubeObject) => Promise<void> | void): Promise<void> {
  for (const object of objects) {
    try {
      await handle(object);
    } catch (error) {
      runtime.logger.warn(
        { err: error, controller, kind: object.kind, namespace: object.metadata.namespace, name: object.metadata.name },
        'failed to reconcile object; retrying on the next run',
      );
    }
  }
}
