import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import type { ObjectStore } from './object-store.js';
import type { ResourceType } from './resources.js';
import type { KubeObject } from './kube-object.js';

/** A request for a pod's log (`GET …/pods/NAME/log`). */
export interface PodLogRequest {
  namespace: string;
  pod: KubeObject;
  container: string | undefined;
  tailLines: number | undefined;
  previous: boolean;
}

/** Returns a container's log text; the lab's kubelet provides it. */
export type PodLogHandler = (request: PodLogRequest) => Promise<string>;

/** Dependencies of every resource handler: the store, the clock and the open watches to end on close. */
export interface HandlerContext {
  store: ObjectStore;
  now: () => Date;
  logger: Logger | undefined;
  podLogs: PodLogHandler | undefined;
  /** Milliseconds between BOOKMARK events on watches that allow them. */
  bookmarkIntervalMs: number;
  /** Stop callbacks of open watch responses, called when the server closes. */
  openWatches: Set<() => void>;
}

/** One request for a resource path, already parsed. */
export interface ResourceRequest {
  request: IncomingMessage;
  response: ServerResponse;
  query: URLSearchParams;
  type: ResourceType;
  namespace: string | undefined;
  name: string | undefined;
  subresource: string | undefined;
}
