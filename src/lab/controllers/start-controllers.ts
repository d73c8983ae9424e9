import type { LabRuntime } from '../runtime/lab-runtime.js';
import { combineControllers, type ControllerHandle } from './controller-loop.js';
import { startDeploymentController } from './deployment-controller.js';
import { startEndpointsController } from './endpoints-controller.js';
import { startGarbageCollector } from './garbage-collector.js';
import { startNodeLifecycleController } from './node-lifecycle-controller.js';
import { startReplicaSetController } from './replicaset-controller.js';
import { startScheduler } from './scheduler.js';

export type { ControllerHandle } from './controller-loop.js';

/**
 * Starts the lab's Kubernetes controllers: Deployment, ReplicaSet, garbage collector,
 * scheduler (with STORK's replica-aware placement), Endpoints and node lifecycle. The handle's
 * `idle()` resolves when none of them has work left, and `stop()` stops them all.
 */
export function startControllers(runtime: LabRuntime): ControllerHandle {
  return combineControllers([
    startDeploymentController(runtime),
    startReplicaSetController(runtime),
    startGarbageCollector(runtime),
    startScheduler(runtime),
    startEndpointsController(runtime),
    startNodeLifecycleController(runtime),
  ]);
}
