import type { HandlerContext, ResourceRequest } from './handler-context.js';
import type { KubeObject } from './kube-object.js';
import { sendJson } from './http-io.js';
import { includeObjectParameter, TABLE_CONTENT_TYPE, wantsTable } from './negotiation.js';
import { apiVersionOf } from './resources.js';
import { buildTable } from './table.js';

/** Serves GET on a collection: a list, or a Table when `kubectl get` requests one. */
export function handleList(context: HandlerContext, call: ResourceRequest): void {
  const { type, namespace, query } = call;
  const { items, resourceVersion } = context.store.list(type, {
    namespace,
    labelSelector: query.get('labelSelector') ?? '',
    fieldSelector: query.get('fieldSelector') ?? '',
  });
  if (wantsTable(call.request)) {
    const table = buildTable(type, items, { resourceVersion }, includeObjectParameter(query), context.now());
    sendJson(call.response, 200, table, TABLE_CONTENT_TYPE);
    return;
  }
  sendJson(call.response, 200, { kind: type.listKind, apiVersion: apiVersionOf(type), metadata: { resourceVersion }, items });
}

/** Serves GET on one object, as JSON or as a one-row Table. */
export function handleGet(context: HandlerContext, call: ResourceRequest): void {
  const object = context.store.get(call.type, call.namespace, call.name as string);
  sendObject(context, call, 200, object);
}

/** Sends an object, or its one-row Table when the Accept header requests a Table. */
export function sendObject(context: HandlerContext, call: ResourceRequest, code: number, object: KubeObject): void {
  if (wantsTable(call.request)) {
    const table = buildTable(call.type, [object], { resourceVersion: object.metadata.resourceVersion }, includeObjectParameter(call.query), context.now());
    sendJson(call.response, code, table, TABLE_CONTENT_TYPE);
    return;
  }
  sendJson(call.response, code, object);
}
