import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { Logger } from 'pino';
import { WebSocket, WebSocketServer, type RawData } from 'ws';
import { ACK_TIMEOUT_MS, responseMessageFrom, type DeliveryOutcome } from './delivery.js';
import { newHexId } from './ids.js';

/** Path prefix of the WebSocket URLs that `apps.connections.open` hands out. */
export const SOCKET_MODE_PATH = '/link/';

/** Slack pings Socket Mode clients; Bolt's client treats missing pings after the first as a dead link. */
const PING_INTERVAL_MS = 10_000;
/** How long a closing connection gets to finish the close handshake before it is terminated. */
const CLOSE_GRACE_MS = 1000;
/** How long a URL from `apps.connections.open` stays usable. */
const TICKET_TTL_MS = 60_000;

export type EnvelopeType = 'slash_commands' | 'interactive';

interface PendingAck {
  socket: WebSocket;
  settle: (outcome: DeliveryOutcome) => void;
}

/**
 * Socket Mode side of the lab's Slack: accepts WebSocket connections on one-time URLs, greets each
 * with `hello`, delivers envelopes to one connected client at a time (round robin) and waits for
 * the acknowledgement that carries the same `envelope_id`.
 */
export class SocketModeHub {
  private readonly server = new WebSocketServer({ noServer: true });
  private readonly tickets = new Map<string, number>();
  private readonly clients: WebSocket[] = [];
  private readonly pending = new Map<string, PendingAck>();
  private readonly pingTimer: NodeJS.Timeout;
  private nextClient = 0;

  constructor(
    private readonly appId: string,
    private readonly logger?: Logger,
  ) {
    this.pingTimer = setInterval(() => this.pingAll(), PING_INTERVAL_MS);
    this.pingTimer.unref();
  }

  /** Issues a one-time WebSocket URL under `wsBaseUrl` (for example `ws://127.0.0.1:PORT`). */
  issueUrl(wsBaseUrl: string): string {
    const ticket = newHexId(16);
    this.tickets.set(ticket, Date.now() + TICKET_TTL_MS);
    return `${wsBaseUrl}${SOCKET_MODE_PATH}?ticket=${ticket}&app_id=${this.appId}`;
  }

  connectionCount(): number {
    return this.clients.length;
  }

  /** Accepts an HTTP upgrade for a valid ticket and rejects any other with HTTP 401. */
  handleUpgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void {
    const ticket = new URL(request.url ?? '/', 'http://lab').searchParams.get('ticket') ?? '';
    const expiresAt = this.tickets.get(ticket);
    this.tickets.delete(ticket);
    if (expiresAt === undefined || expiresAt < Date.now()) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
      return;
    }
    this.server.handleUpgrade(request, socket, head, (client) => this.accept(client));
  }

  /**
   * Sends one envelope to a connected client and waits for its acknowledgement. With no client
   * connected the delivery fails as `dispatch_failed`; without an ack in time, as `operation_timeout`.
   */
  async deliver(
    type: EnvelopeType,
    payload: Record<string, unknown>,
    timeoutMs = ACK_TIMEOUT_MS,
  ): Promise<DeliveryOutcome> {
    const started = Date.now();
    const client = this.pickClient();
    if (!client) {
      return {
        record: { mode: 'socket', ok: false, error: 'dispatch_failed', detail: 'no Socket Mode connection is open', elapsedMs: 0 },
      };
    }

    const envelopeId = newHexId(16);
    const envelope = { envelope_id: envelopeId, type, accepts_response_payload: type === 'slash_commands', payload };
    return await new Promise<DeliveryOutcome>((resolve) => {
      const timer = setTimeout(() => {
        settle({
          record: { mode: 'socket', ok: false, error: 'operation_timeout', detail: `no acknowledgement within ${timeoutMs} ms`, elapsedMs: Date.now() - started },
        });
      }, timeoutMs);
      const settle = (outcome: DeliveryOutcome): void => {
        clearTimeout(timer);
        if (!this.pending.delete(envelopeId)) return;
        resolve(outcome);
      };
      this.pending.set(envelopeId, {
        socket: client,
        settle: (outcome) => settle({ ...outcome, record: { ...outcome.record, elapsedMs: Date.now() - started } }),
      });
      client.send(JSON.stringify(envelope));
    });
  }

  /** Closes every connection with a close handshake, terminating those still open after 1 s. */
  async close(): Promise<void> {
    clearInterval(this.pingTimer);
    const closing = this.clients.map(
      (client) =>
        new Promise<void>((resolve) => {
          if (client.readyState === WebSocket.CLOSED) return resolve();
          const timer = setTimeout(() => {
            client.terminate();
            resolve();
          }, CLOSE_GRACE_MS);
          client.once('close', () => {
            clearTimeout(timer);
            resolve();
          });
          if (client.readyState === WebSocket.OPEN) client.close(1001, 'lab Slack is shutting down');
        }),
    );
    await Promise.all(closing);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: WebSocket): void {
    this.clients.push(client);
    this.logger?.debug({ connections: this.clients.length }, 'Socket Mode client connected');
    client.on('message', (data, isBinary) => this.onMessage(client, data, isBinary));
    client.on('close', () => this.onClose(client));
    client.on('error', (error) => this.logger?.warn({ err: error }, 'Socket Mode connection failed'));
    client.send(
      JSON.stringify({
        type: 'hello',
        num_connections: this.clients.length,
        debug_info: { host: 'pxmysql-lab', build_number: 1, approximate_connection_time: 3600 },
        connection_info: { app_id: this.appId },
      }),
    );
  }

  private onMessage(client: WebSocket, data: RawData, isBinary: boolean): void {
    if (isBinary) return;
    let message: unknown;
    try {
      message = JSON.parse(data.toString());
    } catch {
      this.logger?.warn('Socket Mode client sent a message that is not JSON; ignored');
      return;
    }
    const envelopeId = (message as { envelope_id?: unknown }).envelope_id;
    const pending = typeof envelopeId === 'string' ? this.pending.get(envelopeId) : undefined;
    if (!pending || pending.socket !== client) return;

    const outcome: DeliveryOutcome = { record: { mode: 'socket', ok: true, elapsedMs: 0 } };
    const responseMessage = responseMessageFrom((message as { payload?: unknown }).payload);
    if (responseMessage) outcome.responseMessage = responseMessage;
    pending.settle(outcome);
  }

  private onClose(client: WebSocket): void {
    const index = this.clients.indexOf(client);
    if (index >= 0) this.clients.splice(index, 1);
    this.logger?.debug({ connections: this.clients.length }, 'Socket Mode client disconnected');
    for (const pending of [...this.pending.values()]) {
      if (pending.socket !== client) continue;
      pending.settle({
        record: { mode: 'socket', ok: false, error: 'dispatch_failed', detail: 'the connection closed before the acknowledgement', elapsedMs: 0 },
      });
    }
  }

  private pickClient(): WebSocket | undefined {
    const open = this.clients.filter((client) => client.readyState === WebSocket.OPEN);
    if (open.length === 0) return undefined;
    const client = open[this.nextClient % open.length];
    this.nextClient += 1;
    return client;
  }

  private pingAll(): void {
    for (const client of this.clients) {
      if (client.readyState === WebSocket.OPEN) client.ping();
    }
  }
}
