import type { LabEvent, LabMessage } from '../slack/message-types.js';
import { hasErrorBlock, renderMessage } from './render-message.js';

/** Metadata event type of a job's parent message, posted by the bot's job reporter. */
export const JOB_EVENT_TYPE = 'pxmysql_job';
/** Metadata event type of an approval request message. */
export const APPROVAL_EVENT_TYPE = 'pxmysql_approval';
/** Metadata event type of the summary messages posted in an incident channel. */
export const INCIDENT_EVENT_TYPE = 'pxmysql_incident';

const TERMINAL_JOB_STATES = new Set(['succeeded', 'failed', 'cancelled']);
const TERMINAL_APPROVAL_STATES = new Set(['rejected', 'expired']);

/** Result of handling one event: lines to print, and the exit code once the outcome is known. */
export interface TrackStep {
  lines: string[];
  exitCode?: number;
  /** An ephemeral reply without an error arrived: exit 0 unless a job or message follows soon. */
  startSettleTimer?: boolean;
}

/**
 * Follows the events of one slash command and decides its outcome by the bot's conventions:
 * - jobs: parent messages with `pxmysql_job` metadata. The command is done when every job is
 *   `succeeded`, `failed` or `cancelled` (exit 1 unless all succeeded). The bot sets these only after the last reply.
 * - no job: one ephemeral reply, failed when a block's id starts with `pxmysql-error`;
 * - approvals: a message with `pxmysql_approval` metadata whose state becomes `rejected` or
 *   `expired` ends the command with exit 1.
 */
export class SendTracker {
  private readonly jobStates = new Map<string, string>();
  private readonly parents = new Set<string>();
  private awaitingSettle = false;

  handle(event: LabEvent): TrackStep {
    if (event.kind === 'delivery') return this.handleDelivery(event);
    const message = event.message;
    if (!message) return { lines: [] };

    if (event.kind === 'ephemeral') {
      const lines = renderLabelled('[ephemeral]', message, 0);
      if (this.parents.size > 0) return { lines };
      if (hasErrorBlock(message)) return { lines, exitCode: 1 };
      this.awaitingSettle = true;
      return { lines, startSettleTimer: true };
    }
    if (event.kind === 'delete') return { lines: [`[deleted ${message.ts}]`] };

    const isReply = message.thread_ts !== undefined && message.thread_ts !== message.ts;
    if (isReply) {
      const label = event.kind === 'update' ? `[reply updated ${message.ts}]` : `[reply ${message.ts}]`;
      return { lines: renderLabelled(label, message, 2) };
    }

    // A channel message (new or updated) means more is coming than a lone ephemeral reply.
    this.awaitingSettle = false;
    this.parents.add(message.ts);
    const label = `[${event.kind === 'update' ? 'updated' : 'message'} ${message.ts}]${describeMetadata(message)}`;
    const lines = renderLabelled(label, message, 0);

    const metadata = message.metadata;
    const state = metadata?.event_payload['state'];
    if (metadata?.event_type === JOB_EVENT_TYPE && typeof state === 'string') {
      this.jobStates.set(message.ts, state);
      return { lines, exitCode: this.jobsExitCode() };
    }
    if (metadata?.event_type === APPROVAL_EVENT_TYPE && typeof state === 'string' && this.jobStates.size === 0) {
      if (TERMINAL_APPROVAL_STATES.has(state)) return { lines, exitCode: 1 };
    }
    return { lines };
  }

  /** Called when the settle time after an ephemeral reply has passed; returns 0 if nothing followed. */
  settle(): number | undefined {
    return this.awaitingSettle && this.parents.size === 0 ? 0 : undefined;
  }

  /** Describes what the command was still waiting for, for the timeout message. */
  describeWait(): string {
    const running = [...this.jobStates.entries()].filter(([, state]) => !TERMINAL_JOB_STATES.has(state));
    if (running.length > 0) return `job message ${running.map(([ts, state]) => `${ts} (${state})`).join(', ')} to finish`;
    if (this.parents.size > 0) return 'a job to start (an approval may be pending)';
    return 'a reply from the bot';
  }

  private handleDelivery(event: LabEvent): TrackStep {
    const delivery = event.delivery;
    if (!delivery || delivery.ok) return { lines: [] };
    const detail = delivery.detail ? `: ${delivery.detail}` : '';
    return {
      lines: [`[error] /pxmysql failed with the error "${delivery.error ?? 'dispatch_failed'}"${detail}`],
      exitCode: 1,
    };
  }

  private jobsExitCode(): number | undefined {
    const states = [...this.jobStates.values()];
    if (!states.every((state) => TERMINAL_JOB_STATES.has(state))) return undefined;
    return states.some((state) => state !== 'succeeded') ? 1 : 0;
  }
}

/** Formats the metadata of a job or approval message as ` (job ID, operation target: state)`. */
export function describeMetadata(message: LabMessage): string {
  const metadata = message.metadata;
  if (!metadata) return '';
  const payload = metadata.event_payload;
  const field = (name: string): string => (typeof payload[name] === 'string' ? (payload[name] as string) : '?');
  if (metadata.event_type === JOB_EVENT_TYPE) {
    return ` (job ${field('job_id')}, ${field('operation')} ${field('target')}: ${field('state')})`;
  }
  if (metadata.event_type === APPROVAL_EVENT_TYPE) return ` (approval: ${field('state')})`;
  if (metadata.event_type === INCIDENT_EVENT_TYPE) return ` (incident channel #${field('channel_name')})`;
  return '';
}

/** Renders a message under a label line such as `[message TS]`, indented by `indent` spaces. */
export function renderLabelled(label: string, message: LabMessage, indent: number): string[] {
  const pad = ' '.repeat(indent);
  return [`${pad}${label}`, ...renderMessage(message).map((line) => `${pad}  ${line}`)];
}
