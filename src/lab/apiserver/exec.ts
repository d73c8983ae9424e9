import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocketServer, type WebSocket } from 'ws';
import { ApiError, badRequest } from './api-error.js';
import type { KubeObject } from './kube-object.js';
import type { ObjectStore } from './object-store.js';
import type { ResourceType } from './resources.js';
import {
  CLOSE_CHANNEL, ERROR_CHANNEL, EXEC_SUBPROTOCOLS, STDERR_CHANNEL, STDIN_CHANNEL, STDOUT_CHANNEL,
  channelFrame, chooseSubprotocol, exitStatusPayload, internalErrorPayload,
} from './exec-protocol.js';
import { StdinQueue } from './stdin-queue.js';

export interface ExecRequest {
  namespace: string;
  /** The pod object as stored. */
  pod: KubeObject;
  /** The `container` query parameter; undefined when the client named none. */
  container: string | undefined;
  command: string[];
  stdin: boolean;
  tty: boolean;
}

export interface ExecStreams {
  stdout(chunk: string | Buffer): void;
  stderr(chunk: string | Buffer): void;
  /** Stdin chunks from the client, or undefined when the request did not ask for stdin. */
  stdin: AsyncIterable<Buffer> | undefined;
}

/** Runs one exec command in a pod; the signal aborts when the client disconnects. */
export type ExecHandler = (request: ExecRequest, streams: ExecStreams, signal: AbortSignal) => Promise<{ exitCode: number }>;

export interface ExecTarget {
  type: ResourceType;
  namespace: string;
  name: string;
}

/**
 * Serves `GET …/pods/NAME/exec` as a WebSocket upgrade with the `*.channel.k8s.io` protocols.
 * Errors found before the upgrade (pod not found, not Running, bad parameters) are sent as an
 * HTTP response with a Status body, so clients report them as the apiserver's errors.
 */
export class ExecEndpoint {
  private readonly server = new WebSocketServer({ noServer: true, handleProtocols: (offered) => chooseSubprotocol(offered) });

  constructor(
    private readonly store: ObjectStore,
    private readonly handler: ExecHandler,
    private readonly logger: Logger | undefined,
  ) {}

  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer, target: ExecTarget, query: URLSearchParams): void {
    let execRequest: ExecRequest;
    try {
      execRequest = this.prepare(request, target, query);
    } catch (error) {
      const apiError = error instanceof ApiError ? error : new ApiError(500, 'InternalError', (error as Error).message);
      writeHttpStatus(socket, apiError);
      return;
    }
    this.server.handleUpgrade(request, socket, head, (webSocket) => {
      void this.run(webSocket, execRequest);
    });
  }

  /** Ends every open exec session. */
  close(): void {
    for (const client of this.server.clients) client.terminate();
    this.server.close();
  }

  private prepare(request: IncomingMessage, target: ExecTarget, query: URLSearchParams): ExecRequest {
    const upgrade = String(request.headers.upgrade ?? '').toLowerCase();
    if (upgrade !== 'websocket') {
      throw badRequest(`exec upgrade "${upgrade}" is not supported by the lab apiserver: use the WebSocket protocol (kubectl 1.30 or later)`);
    }
    const pod = this.store.get(target.type, target.namespace, target.name);
    const phase = pod.status?.phase;
    if (phase === 'Succeeded' || phase === 'Failed') {
      throw badRequest(`cannot exec into a container in a completed pod; current phase is ${phase}`);
    }
    if (phase !== 'Running') throw badRequest(`pod ${target.name} is not running (phase ${phase ?? 'unknown'}): exec needs a Running pod`);
    const containers: string[] = (pod.spec?.containers ?? []).map((container: { name: string }) => container.name);
    const container = query.get('container') ?? undefined;
    if (container !== undefined && !containers.includes(container)) {
      throw badRequest(`container ${container} is not valid for pod ${target.name}`);
    }
    const command = query.getAll('command');
    if (command.length === 0) throw badRequest('you must specify at least 1 command');
    const flag = (name: string): boolean => query.get(name) === 'true' || query.get(name) === '1';
    if (!flag('stdin') && !flag('stdout') && !flag('stderr')) {
      throw badRequest('you must specify at least one of stdin, stdout, stderr');
    }
    return { namespace: target.namespace, pod, container, command, stdin: flag('stdin'), tty: flag('tty') };
  }

  private async run(webSocket: WebSocket, request: ExecRequest): Promise<void> {
    const protocolVersion = EXEC_SUBPROTOCOLS[webSocket.protocol] ?? 1;
    const abort = new AbortController();
    const stdin = request.stdin ? new StdinQueue() : undefined;
    webSocket.on('message', (data: Buffer, isBinary: boolean) => {
      const frame = isBinary ? data : Buffer.from(data);
      if (frame.length === 0) return;
      if (frame[0] === STDIN_CHANNEL) stdin?.push(frame.subarray(1));
      if (frame[0] === CLOSE_CHANNEL && frame[1] === STDIN_CHANNEL) stdin?.end();
    });
    webSocket.on('close', () => {
      stdin?.end();
      abort.abort();
    });
    const send = (channel: number, chunk: string | Buffer): void => {
      if (webSocket.readyState === webSocket.OPEN) webSocket.send(channelFrame(channel, chunk));
    };

    const log = this.logger?.child({ namespace: request.namespace, pod: request.pod.metadata?.name, command: request.command });
    let statusPayload: string | undefined;
    try {
      const result = await this.handler(request, { stdout: (chunk) => send(STDOUT_CHANNEL, chunk), stderr: (chunk) => send(STDERR_CHANNEL, chunk), stdin }, abort.signal);
      log?.debug({ exitCode: result.exitCode }, 'exec finished');
      statusPayload = exitStatusPayload(protocolVersion, result.exitCode);
    } catch (error) {
      log?.warn({ err: error }, 'exec handler failed');
      statusPayload = internalErrorPayload(protocolVersion, `exec failed: ${(error as Error).message}`);
    }
    if (statusPayload !== undefined) send(ERROR_CHANNEL, statusPayload);
    if (webSocket.readyState === webSocket.OPEN) webSocket.close(1000);
  }
}

const REASON_PHRASES: Record<number, string> = { 400: 'Bad Request', 404: 'Not Found', 500: 'Internal Server Error' };

/** Writes an HTTP error response with a Status body on a socket that was not upgraded. */
function writeHttpStatus(socket: Duplex, error: ApiError): void {
  const body = JSON.stringify(error.toStatus());
  const head = [
    `HTTP/1.1 ${error.code} ${REASON_PHRASES[error.code] ?? 'Error'}`,
    'Content-Type: application/json',
    `Content-Length: ${Buffer.byteLength(body)}`,
    'Connection: close',
  ].join('\r\n');
  socket.end(`${head}\r\n\r\n${body}`);
}
