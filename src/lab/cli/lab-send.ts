import type { LabEvent } from '../slack/message-types.js';
import { describeError, postControl, readEventStream } from './control-client.js';
import { SendTracker } from './send-tracker.js';

export const EXIT_SUCCEEDED = 0;
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;
export const EXIT_TIMEOUT = 124;

/** Default deadline for a whole `lab send`, from sending the command to the job's end. */
export const DEFAULT_SEND_TIMEOUT_MS = 120_000;
/** How long to wait after an ephemeral reply for a job message before calling the command done. */
export const DEFAULT_SETTLE_MS = 1_500;

export interface LabSendArgs {
  /** Handle or id of the lab user who types the command. */
  user: string;
  /** `/pxmysql status` or `status`. */
  text: string;
  /** Print the raw events as NDJSON instead of rendered text. */
  json: boolean;
  timeoutMs?: number;
  settleMs?: number;
  /** Lab Slack control URL, `http://127.0.0.1:PORT/lab/`. */
  controlUrl: string;
  channel?: string;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  /** Signal that `out` can no longer be written (see OutputWatch). The command then stops and returns 0. */
  outputClosed?: AbortSignal;
}

/**
 * Sends a slash command as a lab user and prints the bot's replies until the command's outcome is
 * known. Returns 0 when it succeeded, 1 when it failed, 2 for a usage error, 124 on timeout. When
 * `outputClosed` aborts first, it stops following the command and returns 0.
 */
export async function runLabSend(args: LabSendArgs): Promise<number> {
  const usage = usageError(args);
  if (usage) {
    args.err.write(`lab send: ${usage}\nusage: pxmysql lab send --as USER "/pxmysql SUBCOMMAND …" [--json]\n`);
    return EXIT_USAGE;
  }
  if (args.outputClosed?.aborted) return EXIT_SUCCEEDED;
  const timeoutMs = args.timeoutMs ?? DEFAULT_SEND_TIMEOUT_MS;
  const abort = new AbortController();
  const deadline = setTimeout(() => abort.abort(new Error('deadline')), timeoutMs);
  const stopOnClosedOutput = (): void => abort.abort(new Error('output closed'));
  args.outputClosed?.addEventListener('abort', stopOnClosedOutput, { once: true });

  try {
    let started;
    try {
      started = await postControl(args.controlUrl, 'commands', { user: args.user, text: args.text, channel: args.channel }, abort.signal);
    } catch (error) {
      if (args.outputClosed?.aborted) return EXIT_SUCCEEDED;
      if (abort.signal.aborted) return timedOut(args, timeoutMs, 'the lab Slack to accept the command');
      args.err.write(`lab send: could not reach the lab Slack at ${args.controlUrl}: ${describeError(error)}. Is \`pxmysql lab\` running?\n`);
      return EXIT_FAILED;
    }
    if (started.status !== 200) {
      args.err.write(`lab send: ${String(started.body['message'] ?? started.body['error'] ?? `HTTP ${started.status}`)}\n`);
      return started.status === 400 || started.status === 404 ? EXIT_USAGE : EXIT_FAILED;
    }
    const commandId = String(started.body['commandId']);
    return await followCommand(args, commandId, abort, timeoutMs);
  } finally {
    clearTimeout(deadline);
    args.outputClosed?.removeEventListener('abort', stopOnClosedOutput);
    abort.abort();
  }
}

async function followCommand(args: LabSendArgs, commandId: string, abort: AbortController, timeoutMs: number): Promise<number> {
  const tracker = new SendTracker();
  let exitCode: number | undefined;
  let settleTimer: NodeJS.Timeout | undefined;
  const finish = (code: number): void => {
    if (exitCode !== undefined) return;
    exitCode = code;
    abort.abort();
  };

  const onEvent = (raw: Record<string, unknown>): void => {
    if (exitCode !== undefined) return;
    const event = raw as unknown as LabEvent;
    const step = tracker.handle(event);
    if (args.json) {
      args.out.write(`${JSON.stringify(raw)}\n`);
    } else if (step.lines.length > 0) {
      args.out.write(`${step.lines.join('\n')}\n`);
    }
    if (step.startSettleTimer) {
      clearTimeout(settleTimer);
      settleTimer = setTimeout(() => {
        const settled = tracker.settle();
        if (settled !== undefined) finish(settled);
      }, args.settleMs ?? DEFAULT_SETTLE_MS);
    }
    if (step.exitCode !== undefined) finish(step.exitCode);
  };

  try {
    await readEventStream(args.controlUrl, `commands/${commandId}/events`, abort.signal, onEvent);
    if (exitCode === undefined) {
      args.err.write('lab send: the lab Slack closed the event stream before the command finished\n');
      return EXIT_FAILED;
    }
  } catch (error) {
    if (exitCode === undefined && args.outputClosed?.aborted) return EXIT_SUCCEEDED;
    if (exitCode === undefined && abort.signal.aborted) return timedOut(args, timeoutMs, tracker.describeWait());
    if (exitCode === undefined) {
      args.err.write(`lab send: reading the command's events failed: ${describeError(error)}\n`);
      return EXIT_FAILED;
    }
  } finally {
    clearTimeout(settleTimer);
  }
  return exitCode ?? EXIT_FAILED;
}

function timedOut(args: LabSendArgs, timeoutMs: number, waitingFor: string): number {
  args.err.write(`lab send: timed out after ${timeoutMs / 1000} s waiting for ${waitingFor}\n`);
  return EXIT_TIMEOUT;
}

function usageError(args: LabSendArgs): string | undefined {
  if (args.user.trim() === '') return 'missing --as USER (oncall, approver, admin or viewer)';
  const text = args.text.trim();
  if (text === '') return 'missing the command text';
  if (text.startsWith('/') && text.split(/\s+/)[0] !== '/pxmysql') {
    return `only /pxmysql commands can be sent, got ${text.split(/\s+/)[0]}`;
  }
  if (args.timeoutMs !== undefined && !(args.timeoutMs > 0)) return `timeout must be a positive number of milliseconds, got ${args.timeoutMs}`;
  try {
    new URL(args.controlUrl);
  } catch {
    return `invalid lab Slack control URL ${JSON.stringify(args.controlUrl)}`;
  }
  return undefined;
}
