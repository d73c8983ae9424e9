import { ApiError, gone } from './api-error.js';
import type { HandlerContext, ResourceRequest } from './handler-context.js';
import { sendError } from './http-io.js';
import type { KubeObject } from './kube-object.js';
import { booleanParameter, includeObjectParameter, integerParameter, TABLE_CONTENT_TYPE, wantsTable } from './negotiation.js';
import { apiVersionOf } from './resources.js';
import type { StoreEvent } from './store-history.js';
import { buildTable } from './table.js';

/** Watches without `timeoutSeconds` end after this long; the real apiserver picks 30 to 60 minutes. */
const DEFAULT_TIMEOUT_SECONDS = 1800;

type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/**
 * Serves `?watch=true` on a collection as newline-delimited JSON events. Without a resourceVersion
 * (or with "0") it first sends the current objects as ADDED. A resourceVersion older than the
 * store's history gets an HTTP 410 Status. A compaction during the watch sends an ERROR event
 * with a 410 Status and ends the response. Objects that stop (or start) matching the selectors
 * are sent as DELETED (or ADDED), as the apiserver's watch cache does.
 */
export function handleWatch(context: HandlerContext, call: ResourceRequest): void {
  const { store } = context;
  const { type, query, response } = call;
  const listOptions = { namespace: call.namespace, labelSelector: query.get('labelSelector') ?? '', fieldSelector: query.get('fieldSelector') ?? '' };
  const matches = store.matcher(type, listOptions);
  const nameFilter = call.name;
  const selected = (object: KubeObject | undefined): boolean =>
    object !== undefined && matches(object) && (nameFilter === undefined || object.metadata?.name === nameFilter);

  const requestedVersion = query.get('resourceVersion') ?? '';
  const sendInitialEvents = booleanParameter(query, 'sendInitialEvents');
  let backlog: StoreEvent[] = [];
  let initial: KubeObject[] = [];
  if (requestedVersion === '' || requestedVersion === '0' || sendInitialEvents) {
    initial = store.list(type, listOptions).items.filter(selected);
  } else {
    if (!/^\d+$/.test(requestedVersion)) {
      sendError(response, new ApiError(400, 'BadRequest', `invalid resourceVersion "${requestedVersion}": expected a number`));
      return;
    }
    try {
      backlog = store.eventsSince(Number(requestedVersion));
    } catch (error) {
      if (error instanceof ApiError) return sendError(response, error);
      throw error;
    }
  }

  const asTable = wantsTable(call.request);
  const include = asTable ? includeObjectParameter(query) : 'Object';
  let columnsSent = false;
  const write = (eventType: WatchEventType, object: KubeObject): void => {
    let payload = object;
    if (asTable && (eventType === 'ADDED' || eventType === 'MODIFIED' || eventType === 'DELETED')) {
      payload = buildTable(type, [object], { resourceVersion: object.metadata?.resourceVersion }, include, context.now());
      if (columnsSent) payload.columnDefinitions = [];
      columnsSent = true;
    }
    response.write(`${JSON.stringify({ type: eventType, object: payload })}\n`);
  };
  const bookmark = (annotations?: Record<string, string>): void => {
    const metadata: KubeObject = { resourceVersion: store.resourceVersion };
    if (annotations) metadata.annotations = annotations;
    response.write(`${JSON.stringify({ type: 'BOOKMARK', object: { kind: type.kind, apiVersion: apiVersionOf(type), metadata } })}\n`);
  };
  const deliver = (event: StoreEvent): void => {
    if (event.resource !== type) return;
    const now = selected(event.object);
    const before = selected(event.previous);
    if (event.type === 'ADDED' && now) write('ADDED', event.object);
    if (event.type === 'MODIFIED' && now) write(before ? 'MODIFIED' : 'ADDED', event.object);
    if (event.type === 'MODIFIED' && !now && before) write('DELETED', event.object);
    if (event.type === 'DELETED' && (now || before)) write('DELETED', event.object);
  };

  response.writeHead(200, { 'Content-Type': asTable ? TABLE_CONTENT_TYPE : 'application/json', 'Cache-Control': 'no-cache, private', 'Transfer-Encoding': 'chunked' });
  // Clients such as client-node report the watch as started only once the headers arrive.
  response.flushHeaders();
  for (const object of initial) write('ADDED', object);
  if (sendInitialEvents) bookmark({ 'k8s.io/initial-events-end': 'true' });
  for (const event of backlog) deliver(event);

  const unsubscribe = store.subscribe(deliver);
  const stopCompaction = store.onCompaction(() => {
    const status = gone(`The resourceVersion for the provided watch is too old.`).toStatus();
    response.write(`${JSON.stringify({ type: 'ERROR', object: status })}\n`);
    stop();
  });
  const bookmarkTimer = booleanParameter(query, 'allowWatchBookmarks') ? setInterval(() => bookmark(), context.bookmarkIntervalMs) : undefined;
  const timeoutSeconds = integerParameter(query, 'timeoutSeconds') ?? DEFAULT_TIMEOUT_SECONDS;
  const timeout = setTimeout(() => stop(), timeoutSeconds * 1000);

  let stopped = false;
  function stop(): void {
    if (stopped) return;
    stopped = true;
    unsubscribe();
    stopCompaction();
    if (bookmarkTimer) clearInterval(bookmarkTimer);
    clearTimeout(timeout);
    context.openWatches.delete(stop);
    if (!response.writableEnded) response.end();
  }
  context.openWatches.add(stop);
  call.request.on('close', stop);
  response.on('close', stop);
}
