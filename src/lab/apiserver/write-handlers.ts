import { badRequest, methodNotAllowed, unsupportedMediaType } from './api-error.js';
import { enforceFieldValidation, fieldValidationParameter, findUnknownFields } from './field-validation.js';
import { fieldSchemaOf } from './field-schemas.js';
import type { HandlerContext, ResourceRequest } from './handler-context.js';
import { mediaType, parseJsonBody, readBody, sendJson } from './http-io.js';
import { isJsonObject, type KubeObject } from './kube-object.js';
import { integerParameter } from './negotiation.js';
import { applyPatch } from './patch.js';
import { apiVersionOf, type ResourceType } from './resources.js';
import { sendObject } from './read-handlers.js';

/** Reads a JSON object body of a create or update; other media types raise 415. */
async function readObjectBody(call: ResourceRequest): Promise<KubeObject> {
  const contentType = mediaType(call.request.headers['content-type']);
  if (contentType !== '' && contentType !== 'application/json' && contentType !== '*/*') {
    throw unsupportedMediaType(contentType, ['application/json']);
  }
  const body = parseJsonBody(await readBody(call.request));
  if (!isJsonObject(body)) throw badRequest('the request body must be a JSON object');
  checkKind(call.type, body);
  return body;
}

function checkKind(type: ResourceType, body: KubeObject): void {
  if (body.kind !== undefined && body.kind !== type.kind) {
    throw badRequest(`the kind of the provided object (${String(body.kind)}) does not match the resource ${type.plural} (kind ${type.kind})`);
  }
  if (body.apiVersion !== undefined && body.apiVersion !== apiVersionOf(type)) {
    throw badRequest(`the apiVersion of the provided object (${String(body.apiVersion)}) does not match ${apiVersionOf(type)}`);
  }
}

/** Puts the namespace from the URL into the body, rejecting a body with another namespace. */
function placeInNamespace(call: ResourceRequest, body: KubeObject): void {
  body.metadata = isJsonObject(body.metadata) ? body.metadata : {};
  if (!call.type.namespaced) return;
  if (body.metadata.namespace !== undefined && body.metadata.namespace !== '' && body.metadata.namespace !== call.namespace) {
    throw badRequest('the namespace of the provided object does not match the namespace sent on the request');
  }
  body.metadata.namespace = call.namespace;
}

export async function handleCreate(context: HandlerContext, call: ResourceRequest): Promise<void> {
  if (call.type.namespaced && call.namespace === undefined) throw methodNotAllowed('POST', call.request.url ?? '');
  const directive = fieldValidationParameter(call.query);
  const body = await readObjectBody(call);
  enforceFieldValidation({ type: call.type, directive, response: call.response }, body);
  placeInNamespace(call, body);
  const created = context.store.create(call.type, body);
  sendObject(context, call, 201, created);
}

/** Serves PUT on an object or on its `/status`. */
export async function handleUpdate(context: HandlerContext, call: ResourceRequest): Promise<void> {
  const directive = fieldValidationParameter(call.query);
  const body = await readObjectBody(call);
  enforceFieldValidation({ type: call.type, directive, response: call.response }, body);
  placeInNamespace(call, body);
  if (body.metadata.name !== undefined && body.metadata.name !== call.name) {
    throw badRequest(`the name of the object (${String(body.metadata.name)}) does not match the name on the URL (${call.name})`);
  }
  body.metadata.name = call.name;
  const updated = call.subresource === 'status' ? context.store.updateStatus(call.type, body) : context.store.update(call.type, body);
  sendObject(context, call, 200, updated);
}

/** Serves PATCH on an object or on its `/status`. The stored resourceVersion is used unless the patch sets one. */
export async function handlePatch(context: HandlerContext, call: ResourceRequest): Promise<void> {
  const contentType = mediaType(call.request.headers['content-type']);
  const directive = fieldValidationParameter(call.query);
  const patch = parseJsonBody(await readBody(call.request));
  const current = context.store.get(call.type, call.namespace, call.name as string);
  const patched = applyPatch(call.type, contentType, current, patch);
  if (!isJsonObject(patched)) throw badRequest('the patch did not produce a JSON object');
  checkKind(call.type, patched);
  // Only fields that the patch adds are checked, so an unknown field that an in-process controller stored is kept.
  const existingPaths = new Set(findUnknownFields(fieldSchemaOf(call.type), current).map((field) => field.path));
  enforceFieldValidation({ type: call.type, directive, response: call.response, existingPaths }, patched);
  patched.metadata = isJsonObject(patched.metadata) ? patched.metadata : {};
  patched.metadata.name = call.name;
  if (call.type.namespaced) patched.metadata.namespace = call.namespace;
  patched.metadata.resourceVersion ??= current.metadata.resourceVersion;
  const updated = call.subresource === 'status' ? context.store.updateStatus(call.type, patched) : context.store.update(call.type, patched);
  sendObject(context, call, 200, updated);
}

/** Reads DeleteOptions from the body and query: grace period and preconditions. */
async function readDeleteOptions(call: ResourceRequest): Promise<{ gracePeriodSeconds?: number; preconditions?: { uid?: string; resourceVersion?: string } }> {
  const raw = await readBody(call.request);
  const body = raw.toString('utf8').trim() === '' ? {} : parseJsonBody(raw);
  const options = isJsonObject(body) ? body : {};
  const queryGrace = integerParameter(call.query, 'gracePeriodSeconds');
  const gracePeriodSeconds = queryGrace ?? (typeof options.gracePeriodSeconds === 'number' ? options.gracePeriodSeconds : undefined);
  const preconditions = isJsonObject(options.preconditions) ? options.preconditions : undefined;
  return { ...(gracePeriodSeconds === undefined ? {} : { gracePeriodSeconds }), ...(preconditions ? { preconditions } : {}) };
}

/** Serves DELETE on one object: the object while it waits (grace period, finalizers), else a Success Status. */
export async function handleDelete(context: HandlerContext, call: ResourceRequest): Promise<void> {
  const options = await readDeleteOptions(call);
  const result = context.store.delete(call.type, call.namespace, call.name as string, options);
  if (!result.removed || call.type.gracefulDeletion) {
    sendJson(call.response, 200, result.object);
    return;
  }
  sendJson(call.response, 200, {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Success',
    details: { name: call.name, group: call.type.group, kind: call.type.plural, uid: result.object.metadata.uid },
  });
}

/** Serves DELETE on a collection (deletecollection) with the list's selectors. */
export async function handleDeleteCollection(context: HandlerContext, call: ResourceRequest): Promise<void> {
  const options = await readDeleteOptions(call);
  const { items } = context.store.list(call.type, {
    namespace: call.namespace,
    labelSelector: call.query.get('labelSelector') ?? '',
    fieldSelector: call.query.get('fieldSelector') ?? '',
  });
  const deleted = items.map((item) => context.store.delete(call.type, item.metadata.namespace, item.metadata.name, options).object);
  sendJson(call.response, 200, { kind: call.type.listKind, apiVersion: apiVersionOf(call.type), metadata: { resourceVersion: context.store.resourceVersion }, items: deleted });
}
