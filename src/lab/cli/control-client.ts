/** HTTP client for the lab Slack's control API, used by `lab send`, `lab click` and `lab messages`. */

export interface ControlResponse {
  status: number;
  body: Record<string, unknown>;
}

/** Resolves a control API path against the control URL, with or without its trailing slash. */
export function controlEndpoint(controlUrl: string, path: string): URL {
  const base = controlUrl.endsWith('/') ? controlUrl : `${controlUrl}/`;
  return new URL(path, base);
}

/** POSTs JSON and returns the status and parsed body; network errors propagate. */
export async function postControl(
  controlUrl: string,
  path: string,
  body: Record<string, unknown>,
  signal?: AbortSignal,
): Promise<ControlResponse> {
  const response = await fetch(controlEndpoint(controlUrl, path), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal,
  });
  return await readControlResponse(response);
}

/** GETs a control API path and returns the status and parsed body. Network errors propagate. */
export async function getControl(controlUrl: string, path: string, signal?: AbortSignal): Promise<ControlResponse> {
  const response = await fetch(controlEndpoint(controlUrl, path), { signal });
  return await readControlResponse(response);
}

async function readControlResponse(response: Response): Promise<ControlResponse> {
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    parsed = { ok: false, error: 'invalid_response', message: text.slice(0, 200) };
  }
  const record = typeof parsed === 'object' && parsed !== null ? (parsed as Record<string, unknown>) : {};
  return { status: response.status, body: record };
}

/**
 * Reads an NDJSON stream and calls `onEvent` for each line in order. Resolves when the server
 * ends the stream; rejects with the abort reason when `signal` aborts.
 */
export async function readEventStream(
  controlUrl: string,
  path: string,
  signal: AbortSignal,
  onEvent: (event: Record<string, unknown>) => void,
): Promise<void> {
  const response = await fetch(controlEndpoint(controlUrl, path), { signal });
  if (response.status !== 200 || !response.body) {
    throw new Error(`GET ${path} failed with HTTP ${response.status}: ${(await response.text()).slice(0, 200)}`);
  }
  const decoder = new TextDecoder();
  let buffered = '';
  for await (const chunk of response.body) {
    buffered += decoder.decode(chunk, { stream: true });
    let newline = buffered.indexOf('\n');
    while (newline >= 0) {
      const line = buffered.slice(0, newline).trim();
      buffered = buffered.slice(newline + 1);
      if (line !== '') onEvent(JSON.parse(line) as Record<string, unknown>);
      newline = buffered.indexOf('\n');
    }
  }
}

/** Describes a fetch failure with its cause (for example ECONNREFUSED). */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? ` (${error.cause.message})` : '';
  return `${error.message}${cause}`;
}
