import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { WebSocketServer, type WebSocket } from 'ws';

/** What the fake API server does with one exec connection. */
export type ExecScript = (socket: WebSocket, request: ReceivedExec) => void;

export interface ReceivedExec {
  namespace: string;
  pod: string;
  container: string | null;
  command: string[];
  protocol: string;
}

/**
 * A loopback HTTP server that serves only the pod exec WebSocket endpoint with the
 * `channel.k8s.io` framing, in which every binary frame starts with its channel byte.
 */
export class FakeExecServer {
  readonly received: ReceivedExec[] = [];
  /** Subprotocol the server accepts; the client offers v5 first. */
  protocol: 'v5.channel.k8s.io' | 'v4.channel.k8s.io' = 'v4.channel.k8s.io';
  script: ExecScript = () => undefined;
  readonly closedSockets: WebSocket[] = [];
  private readonly http: Server;
  private readonly wss: WebSocketServer;

  constructor() {
    this.http = createServer((_request, response) => {
      response.writeHead(404).end();
    });
    this.wss = new WebSocketServer({
      noServer: true,
      handleProtocols: (offered) => (offered.has(this.protocol) ? this.protocol : false),
    });
    this.http.on('upgrade', (request, socket, head) => {
      const url = new URL(request.url ?? '/', 'http://127.0.0.1');
      const match = /^\/api\/v1\/namespaces\/([^/]+)\/pods\/([^/]+)\/exec$/.exec(url.pathname);
      if (!match || match[2] === 'missing-pod') {
        socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
        return;
      }
      this.wss.handleUpgrade(request, socket, head, (ws) => {
        const received: ReceivedExec = {
          namespace: match[1] ?? '',
          pod: match[2] ?? '',
          container: url.searchParams.get('container'),
          command: url.searchParams.getAll('command'),
          protocol: ws.protocol,
        };
        this.received.push(received);
        ws.on('close', () => this.closedSockets.push(ws));
        this.script(ws, received);
      });
    });
  }

  async start(): Promise<KubeConfig> {
    await new Promise<void>((resolve) => this.http.listen(0, '127.0.0.1', resolve));
    const { port } = this.http.address() as AddressInfo;
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [{ name: 'fake', server: `http://127.0.0.1:${port}`, skipTLSVerify: true }],
      users: [{ name: 'fake-user' }],
      contexts: [{ name: 'fake', cluster: 'fake', user: 'fake-user' }],
      currentContext: 'fake',
    });
    return kubeConfig;
  }

  async stop(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    await new Promise<void>((resolve, reject) => this.http.close((error) => (error ? reject(error) : resolve())));
  }
}

/** Encodes one frame: the channel byte followed by the payload. */
export function frame(channel: number, payload: string | Buffer): Buffer {
  const body = typeof payload === 'string' ? Buffer.from(payload, 'utf8') : payload;
  return Buffer.concat([Buffer.from([channel]), body]);
}

export const STDOUT = 1;
export const STDERR = 2;
export const STATUS = 3;

export function statusFrame(status: object): Buffer {
  return frame(STATUS, JSON.stringify(status));
}
