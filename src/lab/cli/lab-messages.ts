import type { LabEvent, LabMessage } from '../slack/message-types.js';
import { describeError, getControl, readEventStream } from './control-client.js';
import { EXIT_FAILED, EXIT_SUCCEEDED, EXIT_USAGE } from './lab-send.js';
import { describeMetadata, renderLabelled } from './send-tracker.js';

export interface LabMessagesArgs {
  /** Channel name (`ops`, `#inc-…`) or id. The lab's default channel, #ops, when absent. */
  channel?: string;
  /** Print only the threads with a message posted or edited in the last `sinceSeconds` seconds. */
  sinceSeconds?: number;
  /** Keep printing new messages, replies, updates and deletions until `outputClosed` aborts. */
  follow: boolean;
  /** Print raw messages, then raw events with --follow, as NDJSON instead of rendered text. */
  json: boolean;
  /** Lab Slack control URL, `http://127.0.0.1:PORT/lab/`. */
  controlUrl: string;
  out: NodeJS.WritableStream;
  err: NodeJS.WritableStream;
  /** Signal that `out` can no longer be written (see OutputWatch). The command then returns 0. */
  outputClosed?: AbortSignal;
  /** Clock for --since, in milliseconds since the epoch. Date.now when absent. */
  now?: () => number;
}

/**
 * Prints a lab channel's messages, each followed by its thread replies, rendered as `lab send`
 * renders them. With `follow`, it then prints every new message, reply, update and deletion in the
 * channel until `outputClosed` aborts or the process is interrupted. Returns 0 on success, 1 when the
 * lab Slack cannot be reached or ends the event stream, and 2 for a usage error or an unknown channel.
 */
export async function runLabMessages(args: LabMessagesArgs): Promise<number> {
  const usage = usageError(args);
  if (usage) {
    args.err.write(`lab messages: ${usage}\nusage: pxmysql lab messages [--channel NAME_OR_ID] [--since SECONDS] [--follow] [--json]\n`);
    return EXIT_USAGE;
  }

  const query = new URLSearchParams();
  if (args.channel !== undefined) query.set('channel', args.channel);
  let listed;
  try {
    listed = await getControl(args.controlUrl, `messages?${query.toString()}`, args.outputClosed);
  } catch (error) {
    if (args.outputClosed?.aborted) return EXIT_SUCCEEDED;
    args.err.write(`lab messages: could not reach the lab Slack at ${args.controlUrl}: ${describeError(error)}. Is \`pxmysql lab\` running?\n`);
    return EXIT_FAILED;
  }
  const body = listed.body;
  if (listed.status !== 200) {
    args.err.write(`lab messages: ${String(body['message'] ?? body['error'] ?? `HTTP ${listed.status}`)}\n`);
    return body['error'] === 'channel_not_found' ? EXIT_USAGE : EXIT_FAILED;
  }

  const channelId = String(body['channel']);
  const channelName = String(body['channelName'] ?? channelId);
  const messages = Array.isArray(body['messages']) ? (body['messages'] as LabMessage[]) : [];
  const cutoffTs = args.sinceSeconds === undefined ? undefined : (args.now ?? Date.now)() / 1000 - args.sinceSeconds;
  const printed = printThreads(args, messages, cutoffTs);
  if (!args.follow) {
    if (printed === 0 && !args.json) args.err.write(`lab messages: no messages in #${channelName}${args.sinceSeconds === undefined ? '' : ` in the last ${args.sinceSeconds} s`}\n`);
    return EXIT_SUCCEEDED;
  }

  if (!args.json) args.err.write(`lab messages: waiting for new messages in #${channelName} (Ctrl-C to stop)\n`);
  return await followChannel(args, channelId, Number(body['lastSeq'] ?? 0));
}

/** Prints each thread (a message and its replies) that passes the cutoff and returns the number of messages printed. */
function printThreads(args: LabMessagesArgs, messages: readonly LabMessage[], cutoffTs: number | undefined): number {
  const roots = new Set(messages.filter((message) => !isReply(message)).map((message) => message.ts));
  const threads = new Map<string, LabMessage[]>();
  for (const message of messages) {
    // A reply whose parent was deleted forms a thread of its own.
    const key = isReply(message) && roots.has(message.thread_ts ?? '') ? (message.thread_ts ?? '') : message.ts;
    const thread = threads.get(key) ?? [];
    thread.push(message);
    threads.set(key, thread);
  }

  let printed = 0;
  for (const thread of threads.values()) {
    if (cutoffTs !== undefined && !thread.some((message) => lastChange(message) >= cutoffTs)) continue;
    for (const message of thread) {
      if (args.json) args.out.write(`${JSON.stringify(message)}\n`);
      else args.out.write(`${renderStored(message, roots).join('\n')}\n`);
      printed += 1;
    }
  }
  return printed;
}

/** Prints the channel's events after `afterSeq` until the stream ends or `outputClosed` aborts. */
async function followChannel(args: LabMessagesArgs, channelId: string, afterSeq: number): Promise<number> {
  const stop = new AbortController();
  const signal = args.outputClosed === undefined ? stop.signal : AbortSignal.any([stop.signal, args.outputClosed]);
  try {
    await readEventStream(args.controlUrl, `channels/${encodeURIComponent(channelId)}/events?after=${afterSeq}`, signal, (raw) => {
      if (args.json) {
        args.out.write(`${JSON.stringify(raw)}\n`);
        return;
      }
      const lines = renderEvent(raw as unknown as LabEvent);
      if (lines.length > 0) args.out.write(`${lines.join('\n')}\n`);
    });
  } catch (error) {
    if (args.outputClosed?.aborted) return EXIT_SUCCEEDED;
    args.err.write(`lab messages: reading the channel's events failed: ${describeError(error)}\n`);
    return EXIT_FAILED;
  } finally {
    stop.abort();
  }
  if (args.outputClosed?.aborted) return EXIT_SUCCEEDED;
  args.err.write('lab messages: the lab Slack closed the event stream (has the lab stopped?)\n');
  return EXIT_FAILED;
}

/** Renders a stored message; replies are indented under their parent, which precedes them. */
function renderStored(message: LabMessage, roots: ReadonlySet<string>): string[] {
  if (!isReply(message)) return renderLabelled(`[message ${message.ts}]${describeMetadata(message)}`, message, 0);
  const label = roots.has(message.thread_ts ?? '') ? `[reply ${message.ts}]` : `[reply ${message.ts} in thread ${message.thread_ts}]`;
  return renderLabelled(label, message, 2);
}

/** Renders a live event; replies name their thread, because other threads' events come in between. */
export function renderEvent(event: LabEvent): string[] {
  const message = event.message;
  if (!message) return [];
  if (event.kind === 'delete') return [`[deleted ${message.ts}]`];
  if (event.kind !== 'message' && event.kind !== 'update') return [];

  if (isReply(message)) {
    const label = event.kind === 'update' ? `[reply updated ${message.ts} in thread ${message.thread_ts}]` : `[reply ${message.ts} in thread ${message.thread_ts}]`;
    return renderLabelled(label, message, 2);
  }
  const label = `[${event.kind === 'update' ? 'updated' : 'message'} ${message.ts}]${describeMetadata(message)}`;
  return renderLabelled(label, message, 0);
}

function isReply(message: LabMessage): boolean {
  return message.thread_ts !== undefined && message.thread_ts !== message.ts;
}

/** Seconds since the epoch of the message's last post or edit, from its Slack ts. */
function lastChange(message: LabMessage): number {
  return Math.max(Number(message.ts), Number(message.edited?.ts ?? 0));
}

function usageError(args: LabMessagesArgs): string | undefined {
  if (args.channel !== undefined && args.channel.replace(/^#/, '').trim() === '') return 'the --channel value is empty: give a channel name such as ops or a channel id';
  if (args.sinceSeconds !== undefined && !(args.sinceSeconds > 0)) return `--since must be a number of seconds greater than 0, got ${args.sinceSeconds}`;
  try {
    new URL(args.controlUrl);
  } catch {
    return `invalid lab Slack control URL ${JSON.stringify(args.controlUrl)}`;
  }
  return undefined;
}
