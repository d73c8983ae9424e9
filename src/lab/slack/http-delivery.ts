import { signRequest, type SigningOverride } from './signing.js';
import { ACK_TIMEOUT_MS, responseMessageFrom, type DeliveryOutcome } from './delivery.js';

export interface HttpDeliveryRequest {
  url: string;
  /** Form-encoded body exactly as it is signed and sent. */
  body: string;
  signingSecret: string;
  signing?: SigningOverride;
  timeoutMs?: number;
}

/**
 * POSTs a signed, form-encoded payload to the bot's request URL, as Slack does for slash commands
 * and interactivity. A non-200 response, a refused connection or no response within the
 * deadline is a failed delivery.
 */
export async function deliverOverHttp(request: HttpDeliveryRequest): Promise<DeliveryOutcome> {
  const started = Date.now();
  const timeoutMs = request.timeoutMs ?? ACK_TIMEOUT_MS;
  const secret = request.signing?.secret ?? request.signingSecret;
  const headers = {
    'content-type': 'application/x-www-form-urlencoded',
    'user-agent': 'Slackbot 1.0 (+https://api.slack.com/robots)',
    ...signRequest(secret, request.body, request.signing?.timestamp),
  };

  let response: Response;
  let text: string;
  try {
    response = await fetch(request.url, {
      method: 'POST',
      headers,
      body: request.body,
      redirect: 'manual',
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await response.text();
  } catch (error) {
    const elapsedMs = Date.now() - started;
    const timedOut = error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError');
    return {
      record: {
        mode: 'http',
        ok: false,
        error: timedOut ? 'operation_timeout' : 'dispatch_failed',
        detail: timedOut ? `no response within ${timeoutMs} ms` : describeFetchError(error),
        elapsedMs,
      },
    };
  }

  const elapsedMs = Date.now() - started;
  if (response.status !== 200) {
    return {
      record: {
        mode: 'http',
        ok: false,
        error: 'dispatch_failed',
        status: response.status,
        detail: `the bot answered HTTP ${response.status}`,
        elapsedMs,
      },
    };
  }
  const outcome: DeliveryOutcome = { record: { mode: 'http', ok: true, status: 200, elapsedMs } };
  const message = responseMessageFrom(text);
  if (message) outcome.responseMessage = message;
  return outcome;
}

function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const cause = error.cause instanceof Error ? `: ${error.cause.message}` : '';
  return `${error.message}${cause}`;
}
