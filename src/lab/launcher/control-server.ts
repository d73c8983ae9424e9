import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from '../../logging.js';

/** The lab operations that `pxmysql lab node …` and `pxmysql lab reset` run in the lab's process. */
export interface LabControls {
  /** Names of the lab's nodes. */
  nodeNames(): string[];
  setNodeDown(node: string, down: boolean): void;
  /** Returns the lab to its default state; resolves once the MySQL target is Ready again. */
  reset(): Promise<void>;
}

/**
 * Serves the lab's control API on a loopback address: `POST /nodes/NAME/down`,
 * `POST /nodes/NAME/up` and `POST /reset`. Responses are JSON `{ ok, message }`.
 */
export async function startLabControlServer(options: { host: string; controls: LabControls; logger: Logger }): Promise<{ url: string; close(): Promise<void> }> {
  const log = options.logger.child({ component: 'lab-control' });
  const server = createServer((request, response) => {
    handle(request, options.controls, log).then(
      (result) => send(response, result.status, result.body),
      (error: unknown) => {
        log.error({ err: error, url: request.url }, 'lab control request failed');
        send(response, 500, { ok: false, message: (error as Error).message });
      },
    );
  });
  await new Promise<void>((resolve) => server.listen({ host: options.host, port: 0 }, resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://${options.host}:${port}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function handle(request: IncomingMessage, controls: LabControls, log: Logger): Promise<{ status: number; body: { ok: boolean; message: string } }> {
  if (request.method !== 'POST') return { status: 405, body: { ok: false, message: `${request.method} is not allowed; use POST` } };
  const path = new URL(request.url ?? '/', 'http://lab').pathname;

  const node = /^\/nodes\/([^/]+)\/(down|up)$/.exec(path);
  if (node) {
    const [, name, action] = node as unknown as [string, string, 'down' | 'up'];
    if (!controls.nodeNames().includes(name)) {
      return { status: 404, body: { ok: false, message: `node ${name} not found; lab nodes: ${controls.nodeNames().join(', ')}` } };
    }
    controls.setNodeDown(name, action === 'down');
    log.info({ node: name, action }, 'lab node state changed');
    return { status: 200, body: { ok: true, message: `node ${name} is ${action}` } };
  }

  if (path === '/reset') {
    log.info('lab reset started');
    await controls.reset();
    log.info('lab reset finished');
    return { status: 200, body: { ok: true, message: 'lab reset to its default state' } };
  }
  return { status: 404, body: { ok: false, message: `unknown lab control path ${path}` } };
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
