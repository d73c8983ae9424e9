import { ApiError, badRequest, methodNotAllowed } from './api-error.js';
import type { HandlerContext, ResourceRequest } from './handler-context.js';
import { booleanParameter } from './negotiation.js';
import { handlePodLog } from './pod-log.js';
import { handleGet, handleList } from './read-handlers.js';
import { handleScale } from './scale.js';
import { handleWatch } from './watch-handler.js';
import { handleCreate, handleDelete, handleDeleteCollection, handlePatch, handleUpdate } from './write-handlers.js';

/** Dispatches a parsed resource request to its handler by method and subresource. */
export async function routeResourceRequest(context: HandlerContext, call: ResourceRequest): Promise<void> {
  const method = call.request.method ?? 'GET';
  const path = call.request.url ?? '';
  if (method !== 'GET' && call.query.has('dryRun')) {
    // Rejected rather than ignored, so a client that asks for a dry run never changes the lab by accident.
    throw badRequest('dryRun is not supported by the lab apiserver: send the request without dryRun');
  }

  if (call.name === undefined) {
    if (method === 'GET') return booleanParameter(call.query, 'watch') ? handleWatch(context, call) : handleList(context, call);
    if (method === 'POST') return handleCreate(context, call);
    if (method === 'DELETE') return handleDeleteCollection(context, call);
    throw methodNotAllowed(method, path);
  }

  switch (call.subresource) {
    case undefined:
      if (method === 'GET') return handleGet(context, call);
      if (method === 'PUT') return handleUpdate(context, call);
      if (method === 'PATCH') return handlePatch(context, call);
      if (method === 'DELETE') return handleDelete(context, call);
      throw methodNotAllowed(method, path);
    case 'status':
      if (!call.type.statusSubresource) break;
      if (method === 'GET') return handleGet(context, call);
      if (method === 'PUT') return handleUpdate(context, call);
      if (method === 'PATCH') return handlePatch(context, call);
      throw methodNotAllowed(method, path);
    case 'scale':
      if (call.type.group !== 'apps') break;
      if (method === 'GET' || method === 'PUT' || method === 'PATCH') return handleScale(context, call);
      throw methodNotAllowed(method, path);
    case 'log':
      if (call.type.group !== '' || call.type.plural !== 'pods') break;
      if (method === 'GET') return handlePodLog(context, call);
      throw methodNotAllowed(method, path);
    case 'exec':
      if (call.type.group !== '' || call.type.plural !== 'pods') break;
      throw badRequest('Upgrade request required');
  }
  throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
}
