import { ObjectStore } from '../../../src/lab/apiserver/object-store.js';
import { startLabApiServer, type LabApiServer } from '../../../src/lab/apiserver/server.js';
import type { ExecHandler } from '../../../src/lab/apiserver/exec.js';

export interface SmallLab {
  store: ObjectStore;
  server: LabApiServer;
}

/** Starts an apiserver on 127.0.0.1 with a store holding namespace `default` and a few objects. */
export async function startSmallLab(options: { historySize?: number; execHandler?: ExecHandler } = {}): Promise<SmallLab> {
  const store = new ObjectStore({ historySize: options.historySize ?? 1000 });
  store.create('namespaces', { metadata: { name: 'default' } });
  const execHandler: ExecHandler = options.execHandler ?? (async (_request, streams) => (streams.stdout('ok\n'), { exitCode: 0 }));
  const server = await startLabApiServer({ host: '127.0.0.1', port: 0, store, execHandler, bookmarkIntervalMs: 100 });
  return { store, server };
}

export async function requestJson(url: string, init: RequestInit = {}): Promise<{ status: number; body: any; contentType: string }> {
  const response = await fetch(url, init);
  const text = await response.text();
  return { status: response.status, body: text === '' ? undefined : JSON.parse(text), contentType: response.headers.get('content-type') ?? '' };
}

export function jsonBody(method: string, body: unknown, contentType = 'application/json'): RequestInit {
  return { method, headers: { 'Content-Type': contentType }, body: JSON.stringify(body) };
}

/** Reads newline-delimited watch events until `stop` returns true, the stream ends, or the timeout passes. */
export async function readWatchEvents(url: string, stop: (events: any[]) => boolean, timeoutMs = 5000): Promise<{ status: number; events: any[] }> {
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  const events: any[] = [];
  const response = await fetch(url, { signal: abort.signal });
  if (!response.ok || !response.body) {
    clearTimeout(timer);
    return { status: response.status, events: [await response.json()] };
  }
  const decoder = new TextDecoder();
  let buffered = '';
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffered += decoder.decode(chunk, { stream: true });
      let newline = buffered.indexOf('\n');
      while (newline >= 0) {
        events.push(JSON.parse(buffered.slice(0, newline)));
        buffered = buffered.slice(newline + 1);
        newline = buffered.indexOf('\n');
      }
      if (stop(events)) break;
    }
  } catch (error) {
    if (!abort.signal.aborted) throw error;
  } finally {
    clearTimeout(timer);
    abort.abort();
  }
  return { status: response.status, events };
}
