import type { IncomingMessage, ServerResponse } from 'node:http';

/** Largest request body the lab accepts; Slack's own limits are far below this. */
const MAX_BODY_BYTES = 5 * 1024 * 1024;

/** Reads a request body as UTF-8, rejecting bodies above 5 MiB. */
export async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new Error(`request body larger than ${MAX_BODY_BYTES} bytes`);
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Parses a form-encoded or JSON body into arguments. Form values stay strings, the way
 * @slack/web-api sends them (objects arrive JSON-encoded in a field).
 */
export function parseArguments(contentType: string | undefined, body: string): Record<string, unknown> {
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (type === 'application/json') {
    if (body.trim() === '') return {};
    const parsed: unknown = JSON.parse(body);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new Error('a JSON body must be an object');
    }
    return parsed as Record<string, unknown>;
  }
  return Object.fromEntries(new URLSearchParams(body));
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
    ...headers,
  });
  response.end(text);
}
