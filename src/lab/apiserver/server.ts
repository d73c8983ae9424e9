import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { ApiError } from './api-error.js';
import { apiGroup, apiGroupList, apiResourceList, coreApiVersions, LAB_VERSION_INFO } from './discovery.js';
import { ExecEndpoint, type ExecHandler } from './exec.js';
import type { HandlerContext, PodLogHandler } from './handler-context.js';
import { sendError, sendJson, sendText } from './http-io.js';
import type { ObjectStore } from './object-store.js';
import { openApiV3DocumentAt, openApiV3Root } from './openapi-v3.js';
import { parseApiPath } from './request-path.js';
import { routeResourceRequest } from './resource-router.js';

export interface LabApiServerOptions {
  /** Loopback address to listen on, e.g. 127.0.0.1. */
  host: string;
  /** TCP port; 0 or undefined picks a free one. */
  port?: number;
  store: ObjectStore;
  execHandler: ExecHandler;
  podLogs?: PodLogHandler;
  logger?: Logger;
  /** Milliseconds between watch BOOKMARK events; default 5000. */
  bookmarkIntervalMs?: number;
}

export interface LabApiServer {
  /** Base URL, e.g. `http://127.0.0.1:41234`. */
  url: string;
  close(): Promise<void>;
}

/** Starts the lab's Kubernetes-compatible API server over plain HTTP. */
export async function startLabApiServer(options: LabApiServerOptions): Promise<LabApiServer> {
  const logger = options.logger;
  const context: HandlerContext = {
    store: options.store,
    now: () => new Date(),
    logger,
    podLogs: options.podLogs,
    bookmarkIntervalMs: options.bookmarkIntervalMs ?? 5_000,
    openWatches: new Set(),
  };
  const exec = new ExecEndpoint(options.store, options.execHandler, logger);
  let serverAddress = '';

  const server = createServer((request, response) => {
    const started = Date.now();
    response.on('finish', () => {
      logger?.debug({ method: request.method, url: request.url, status: response.statusCode, durationMs: Date.now() - started }, 'apiserver request');
    });
    handleRequest(context, request, response, serverAddress).catch((error: unknown) => {
      const apiError = error instanceof ApiError ? error : new ApiError(500, 'InternalError', `internal error: ${(error as Error).message}`);
      if (!(error instanceof ApiError)) logger?.error({ err: error, method: request.method, url: request.url }, 'apiserver request failed');
      if (response.headersSent) response.destroy();
      else sendError(response, apiError);
    });
  });
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    logger?.debug({ method: request.method, url: request.url, upgrade: request.headers.upgrade }, 'apiserver upgrade request');
    const url = new URL(request.url ?? '/', 'http://lab.invalid');
    const route = parseApiPath(url.pathname, options.store.registry);
    if (route?.kind === 'resource' && route.subresource === 'exec' && route.type.group === '' && route.type.plural === 'pods' && route.namespace && route.name) {
      exec.handleUpgrade(request, socket, head, { type: route.type, namespace: route.namespace, name: route.name }, url.searchParams);
      return;
    }
    socket.end('HTTP/1.1 400 Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen({ host: options.host, port: options.port ?? 0 }, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  serverAddress = `${address.address}:${address.port}`;
  const url = `http://${serverAddress}`;
  logger?.info({ url }, 'lab apiserver started');

  return {
    url,
    close: async () => {
      for (const stop of [...context.openWatches]) stop();
      exec.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      logger?.info({ url }, 'lab apiserver stopped');
    },
  };
}

async function handleRequest(context: HandlerContext, request: IncomingMessage, response: ServerResponse, serverAddress: string): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://lab.invalid');
  const path = url.pathname.replace(/\/+$/, '') || '/';
  const registry = context.store.registry;
  const method = request.method ?? 'GET';

  if (method === 'GET') {
    if (path === '/version') return sendJson(response, 200, LAB_VERSION_INFO);
    if (path === '/healthz' || path === '/readyz' || path === '/livez') return sendText(response, 200, 'ok');
    if (path === '/api') return sendJson(response, 200, coreApiVersions(serverAddress));
    if (path === '/apis') return sendJson(response, 200, apiGroupList(registry));
    if (path === '/openapi/v3') return sendJson(response, 200, openApiV3Root(registry));
    const openApiDocument = openApiV3DocumentAt(registry, path);
    if (openApiDocument) return sendJson(response, 200, openApiDocument);
    const groupMatch = /^\/apis\/([^/]+)$/.exec(path);
    if (groupMatch) {
      const group = apiGroup(registry, groupMatch[1] as string);
      if (group) return sendJson(response, 200, group);
    }
  }

  const route = parseApiPath(path, registry);
  if (route?.kind === 'group-version' && method === 'GET') {
    const list = apiResourceList(registry, route.group, route.version);
    if (list) return sendJson(response, 200, list);
  }
  if (route?.kind === 'resource') {
    return routeResourceRequest(context, {
      request,
      response,
      query: url.searchParams,
      type: route.type,
      namespace: route.namespace,
      name: route.name,
      subresource: route.subresource,
    });
  }
  throw new ApiError(404, 'NotFound', 'the server could not find the requested resource');
}
