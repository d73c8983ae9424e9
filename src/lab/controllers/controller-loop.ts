import type { StoreEvent } from '../apiserver/object-store.js';
import { qualifiedResourceOf } from '../apiserver/resources.js';
import { ReconcileLoop } from '../runtime/reconcile-loop.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';

/** Handle of a started lab controller. */
export interface ControllerHandle {
  stop(): Promise<void>;
  /**
   * Runs a reconcile now (so time-based conditions are checked against `runtime.now()`) and
   * resolves when the controller has run out of work: a full pass started no further run.
   */
  idle(): Promise<void>;
}

/** A started controller loop, with the hooks that `combineControllers` needs. */
export interface RunningController extends ControllerHandle {
  /** Asks for a run on the next microtask. */
  trigger(): void;
  /** Number of reconcile runs started so far. */
  runCount(): number;
  /** Resolves when no run is pending or in progress, without asking for one. */
  waitForRun(): Promise<void>;
}

export interface ControllerLoopOptions {
  name: string;
  /** Qualified resource names (`pods`, `replicasets.apps`) whose store events trigger a run. */
  resources: string[];
  /**
   * The level-triggered reconcile function. It must be synchronous, so that no other controller
   * writes to the store between its reads and its writes.
   */
  reconcile: () => void;
  /** Extra trigger sources. Each gets the trigger function and returns its unsubscribe function. */
  sources?: Array<(trigger: () => void) => () => void>;
}

/**
 * Starts a controller on a ReconcileLoop that runs on store events of `resources`, on the periodic
 * resync and on `idle()`. Triggers are deferred to a microtask: a store listener runs inside the
 * write that caused it, and running another controller there would interleave two reconciles.
 */
export function startControllerLoop(runtime: LabRuntime, options: ControllerLoopOptions): RunningController {
  let runs = 0;
  const logger = runtime.logger.child({ controller: options.name });
  const loop = new ReconcileLoop(
    options.name,
    logger,
    () => {
      runs += 1;
      options.reconcile();
    },
    runtime.timing.resyncMs,
  );
  const trigger = (): void => queueMicrotask(() => loop.trigger());
  const watched = new Set(options.resources);
  const unsubscribers = [
    runtime.store.subscribe((event: StoreEvent) => {
      if (watched.has(qualifiedResourceOf(event.resource))) trigger();
    }),
    ...(options.sources ?? []).map((source) => source(trigger)),
  ];
  loop.start();
  logger.debug('controller started');

  const controller: RunningController = {
    trigger,
    runCount: () => runs,
    waitForRun: () => loop.idle(),
    idle: () => settle([controller]),
    stop: async () => {
      for (const unsubscribe of unsubscribers) unsubscribe();
      await loop.stop();
      logger.debug('controller stopped');
    },
  };
  return controller;
}

/** Combines controllers into one handle whose `idle()` waits until none of them has work left. */
export function combineControllers(controllers: RunningController[]): ControllerHandle {
  return {
    idle: () => settle(controllers),
    stop: async () => {
      await Promise.all(controllers.map((controller) => controller.stop()));
    },
  };
}

/** Triggers every controller once, then waits for passes until one pass starts no new run. */
async function settle(controllers: RunningController[]): Promise<void> {
  const totalRuns = (): number => controllers.reduce((sum, controller) => sum + controller.runCount(), 0);
  for (const controller of controllers) controller.trigger();
  let before: number;
  do {
    before = totalRuns();
    await new Promise<void>((resolve) => setImmediate(resolve));
    await Promise.all(controllers.map((controller) => controller.waitForRun()));
  } while (totalRuns() !== before);
}
