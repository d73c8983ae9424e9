/** Sends one lab control request and returns the exit code, printing the lab's message. */
export async function sendLabControl(
  controlUrl: string,
  path: string,
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
  timeoutMs = 180_000,
): Promise<number> {
  let response: Response;
  try {
    response = await fetch(new URL(path, controlUrl), { method: 'POST', signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    err.write(`lab control request ${path} failed: ${(error as Error).message}\n`);
    return 1;
  }
  const body = (await response.json().catch(() => ({ ok: false, message: `HTTP ${response.status}` }))) as { ok: boolean; message: string };
  (body.ok ? out : err).write(`${body.message}\n`);
  return body.ok ? 0 : 1;
}
