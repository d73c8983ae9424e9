import { badRequest } from './api-error.js';
import type { HandlerContext, ResourceRequest } from './handler-context.js';
import { mediaType, parseJsonBody, readBody, sendJson } from './http-io.js';
import { isJsonObject, type KubeObject } from './kube-object.js';
import { applyPatch } from './patch.js';

/** Builds the `autoscaling/v1` Scale of a Deployment or ReplicaSet, as `kubectl scale` reads it. */
function scaleOf(object: KubeObject): KubeObject {
  const labels = Object.entries((object.spec?.selector?.matchLabels ?? {}) as Record<string, string>);
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: object.metadata.name,
      namespace: object.metadata.namespace,
      uid: object.metadata.uid,
      resourceVersion: object.metadata.resourceVersion,
      creationTimestamp: object.metadata.creationTimestamp,
    },
    spec: { replicas: object.spec?.replicas ?? 0 },
    status: { replicas: object.status?.replicas ?? 0, selector: labels.map(([key, value]) => `${key}=${value}`).join(',') },
  };
}

/** Serves GET, PUT and PATCH on `deployments/NAME/scale` and `replicasets/NAME/scale`. */
export async function handleScale(context: HandlerContext, call: ResourceRequest): Promise<void> {
  const method = call.request.method ?? 'GET';
  const current = context.store.get(call.type, call.namespace, call.name as string);
  if (method === 'GET') {
    sendJson(call.response, 200, scaleOf(current));
    return;
  }
  const body = parseJsonBody(await readBody(call.request));
  const scale = method === 'PATCH' ? applyPatch(call.type, mediaType(call.request.headers['content-type']), scaleOf(current), body) : body;
  if (!isJsonObject(scale) || typeof scale.spec?.replicas !== 'number') {
    throw badRequest('the Scale must set spec.replicas to a number');
  }
  const next: KubeObject = {
    ...current,
    metadata: { ...current.metadata, resourceVersion: scale.metadata?.resourceVersion ?? current.metadata.resourceVersion },
    spec: { ...current.spec, replicas: scale.spec.replicas },
  };
  const updated = context.store.update(call.type, next);
  sendJson(call.response, 200, scaleOf(updated));
}
