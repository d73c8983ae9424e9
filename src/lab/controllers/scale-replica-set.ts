import type { KubeObject } from '../apiserver/kube-object.js';
import type { LabRuntime } from '../runtime/lab-runtime.js';
import { recordEvent } from './event-recorder.js';
import { DESIRED_REPLICAS_ANNOTATION, MAX_REPLICAS_ANNOTATION, replicasOf } from './replica-set-annotations.js';
import { rollingParameters } from './rolling-parameters.js';

export const DEPLOYMENT_COMPONENT = 'deployment-controller';

/**
 * Sets a ReplicaSet's `spec.replicas` and its desired-replicas and max-replicas annotations, and
 * records a ScalingReplicaSet event on the Deployment when the count changes. Returns the
 * stored ReplicaSet.
 */
export function scaleReplicaSet(runtime: LabRuntime, deployment: KubeObject, replicaSet: KubeObject, replicas: number): KubeObject {
  const previous = replicasOf(replicaSet);
  const desired = Number(deployment.spec?.replicas ?? 1);
  const annotations = {
    ...replicaSet.metadata.annotations,
    [DESIRED_REPLICAS_ANNOTATION]: String(desired),
    [MAX_REPLICAS_ANNOTATION]: String(desired + rollingParameters(deployment).maxSurge),
  };
  const scaled = runtime.store.update('replicasets.apps', {
    ...replicaSet,
    metadata: { ...replicaSet.metadata, annotations },
    spec: { ...replicaSet.spec, replicas },
  });
  if (previous !== replicas) {
    const direction = replicas > previous ? 'up' : 'down';
    recordEvent(runtime, {
      involvedObject: deployment,
      type: 'Normal',
      reason: 'ScalingReplicaSet',
      message: `Scaled ${direction} replica set ${String(replicaSet.metadata.name)} from ${previous} to ${replicas}`,
      component: DEPLOYMENT_COMPONENT,
    });
  }
  return scaled;
}
