import type { LabEvent } from '../slack/message-types.js';
import { describeError, postControl, readEventStream } from './control-client.js';
import { EXIT_FAILED, EXIT_SUCCEEDED, EXIT_USAGE } from './lab-send.js';
import { hasErrorBlock, renderMessage } from './render-message.js';

/** How long `lab click` keeps printing the replies and updates that follow a delivered click. */
export const DEFAULT_CLICK_WATCH_MS = 3_000;
/** Deadline for the click's delivery; the lab itself gives the bot 3 s to acknowledge. */
const CLICK_REQUEST_TIMEOUT_MS = 15_000;

export interface LabClickArgs {
  /** Handle or id of the lab user who clicks. */
  user: string;
  /** action_id or visible text of the button; the newest message that has it is used. */
  action: string;
  /** Print the click result and follow-up events as NDJSON; false when absent. */
  json?: boolean;
  /** How long to print what follows the click, in milliseconds. */
  watchMs?: number;
  controlUrl: string;
  channel?: string;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  /** Signal that `out` can no longer be written (see OutputWatch). The command then stops early. */
  outputClosed?: AbortSignal;
}

/**
 * Presses a button as a lab user and prints the ephemeral replies and message updates that follow
 * for a short while. Returns 0 when the bot acknowledged the click and no reply to the clicker was an
 * error, 1 when an ephemeral reply had a block whose id starts with `pxmysql-error`, no such button
 * exists or the delivery failed, and 2 for a usage error. When `outputClosed` aborts, it stops
 * and returns the outcome known so far.
 */
export async function runLabClick(args: LabClickArgs): Promise<number> {
  const usage = usageError(args);
  if (usage) {
    args.err.write(`lab click: ${usage}\nusage: pxmysql lab click --as USER ACTION_ID_OR_BUTTON_TEXT [--json]\n`);
    return EXIT_USAGE;
  }

  let click;
  try {
    click = await postControl(
      args.controlUrl,
      'clicks',
      { user: args.user, action: args.action, channel: args.channel },
      withOutputClosed(AbortSignal.timeout(CLICK_REQUEST_TIMEOUT_MS), args.outputClosed),
    );
  } catch (error) {
    if (args.outputClosed?.aborted) return EXIT_SUCCEEDED;
    args.err.write(`lab click: could not reach the lab Slack at ${args.controlUrl}: ${describeError(error)}. Is \`pxmysql lab\` running?\n`);
    return EXIT_FAILED;
  }
  const body = click.body;
  if (click.status !== 200) {
    args.err.write(`lab click: ${String(body['message'] ?? body['error'] ?? `HTTP ${click.status}`)}\n`);
    return body['error'] === 'user_not_found' || body['error'] === 'channel_not_found' ? EXIT_USAGE : EXIT_FAILED;
  }

  const delivery = (body['delivery'] ?? {}) as { ok?: boolean; error?: string; detail?: string };
  if (args.json) args.out.write(`${JSON.stringify(body)}\n`);
  if (!delivery.ok) {
    const detail = delivery.detail ? `: ${delivery.detail}` : '';
    args.err.write(`lab click: the click on ${String(body['actionId'])} failed with the error "${delivery.error ?? 'dispatch_failed'}"${detail}\n`);
    return EXIT_FAILED;
  }
  if (!args.json) args.out.write(`clicked ${String(body['actionId'])} on message ${String(body['messageTs'])}\n`);

  // NOTE: an error reply that arrives after the watch time (3 s unless watchMs is set) is not seen, so the click exits 0.
  const answeredWithError = await watchFollowUps(args, String(body['clickId']), String(body['userId']));
  return answeredWithError ? EXIT_FAILED : EXIT_SUCCEEDED;
}

/**
 * Prints the click's follow-up events until the watch time ends; stream errors only end it early.
 * Returns true when an ephemeral reply to the clicker was an error reply.
 */
async function watchFollowUps(args: LabClickArgs, clickId: string, userId: string): Promise<boolean> {
  const signal = withOutputClosed(AbortSignal.timeout(args.watchMs ?? DEFAULT_CLICK_WATCH_MS), args.outputClosed);
  let answeredWithError = false;
  try {
    await readEventStream(args.controlUrl, `clicks/${clickId}/events`, signal, (raw) => {
      const event = raw as unknown as LabEvent;
      if (isErrorReply(event, userId)) answeredWithError = true;
      if (args.json) {
        args.out.write(`${JSON.stringify(raw)}\n`);
        return;
      }
      const lines = describe(event);
      if (lines.length > 0) args.out.write(`${lines.join('\n')}\n`);
    });
  } catch (error) {
    if (!signal.aborted) args.err.write(`lab click: reading the follow-up events failed: ${describeError(error)}\n`);
  }
  return answeredWithError;
}

/** True for an ephemeral message to the clicker with a `pxmysql-error…` block, the bot's error reply. */
function isErrorReply(event: LabEvent, userId: string): boolean {
  return event.kind === 'ephemeral' && event.visibleTo === userId && event.message !== undefined && hasErrorBlock(event.message);
}

function withOutputClosed(signal: AbortSignal, outputClosed: AbortSignal | undefined): AbortSignal {
  return outputClosed === undefined ? signal : AbortSignal.any([signal, outputClosed]);
}

function describe(event: LabEvent): string[] {
  if (!event.message || event.kind === 'delivery') return [];
  const labels: Record<string, string> = {
    ephemeral: '[ephemeral]',
    update: `[updated ${event.message.ts}]`,
    delete: `[deleted ${event.message.ts}]`,
    message: `[message ${event.message.ts}]`,
  };
  if (event.kind === 'delete') return [labels.delete ?? ''];
  return [labels[event.kind] ?? `[${event.kind}]`, ...renderMessage(event.message).map((line) => `  ${line}`)];
}

function usageError(args: LabClickArgs): string | undefined {
  if (args.user.trim() === '') return 'missing --as USER (oncall, approver, admin or viewer)';
  if (args.action.trim() === '') return 'missing the action_id or button text to click';
  if (args.watchMs !== undefined && !(args.watchMs >= 0)) return `watch time must be zero or more milliseconds, got ${args.watchMs}`;
  try {
    new URL(args.controlUrl);
  } catch {
    return `invalid lab Slack control URL ${JSON.stringify(args.controlUrl)}`;
  }
  return undefined;
}
