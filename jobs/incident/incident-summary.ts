import { fields, section } from '../../src/slack/blocks/builders.js';
import { escapeText } from '../../src/slack/blocks/escape.js';
import { outputMessages } from '../../src/slack/blocks/output-messages.js';
import type { OutgoingMessage } from '../../src/slack/blocks/types.js';
import { inlineCode, mention, TrustedMrkdwn } from '../../src/slack/user-text.js';
import type { ContextPiece, IncidentContext } from './collect-context.js';
import type { IncidentState } from './incident-data.js';
import type { IncidentRuntime } from './incident-runtime.js';

/** The permalink of the source thread, or why there is none. */
export type SourceLink = { url: string } | { error: string };

/**
 * Builds the summary posted in the incident channel: the title and facts, who was invited, then
 * `pxctl status`, `pxctl volume inspect` and the pod events in code blocks, split to Slack's limits.
 * A piece of context that could not be read is shown with its error.
 */
export function incidentSummary(runtime: IncidentRuntime, state: IncidentState, context: IncidentContext, source: SourceLink): OutgoingMessage[] {
  const { data, text } = runtime;
  const title = text('incident.summary.title', { target: data.target, title: data.incident.title });

  const facts = [
    text('incident.summary.operation', { operation: data.incident.about }),
    text('incident.summary.trigger', { trigger: text(`incident.trigger.${data.incident.trigger}`) }),
    text('incident.summary.requestedBy', { user: mention(data.requestedBy) }),
    text('incident.summary.source', { link: sourceLinkText(runtime, source) }),
  ];
  if (data.incident.failedJobId !== undefined) facts.splice(2, 0, text('incident.summary.job', { jobId: data.incident.failedJobId }));

  const first: OutgoingMessage = {
    text: title,
    blocks: [section(title), ...fields(facts.map(pairOf)), section(inviteLines(runtime, state).join('\n'))],
  };
  return [
    first,
    ...pieceMessages(text('incident.context.pxctlStatus'), context.pxctlStatus, runtime),
    ...pieceMessages(text('incident.context.volumeInspect', { pvc: runtime.context.target.pvc }), context.volumeInspect, runtime),
    ...pieceMessages(text('incident.context.podEvents', { deployment: runtime.context.target.deployment }), context.podEvents, runtime),
  ];
}

/** Builds the summary lines that say who was invited, who was not and why, and whether the topic failed. */
export function inviteLines(runtime: IncidentRuntime, state: IncidentState): string[] {
  const { text, data } = runtime;
  const lines: string[] = [];
  const invited = state.invited ?? [];
  if (invited.length === 0) lines.push(text('incident.summary.nobodyInvited', { target: data.target }));
  else lines.push(text('incident.summary.invited', { users: mentions(invited) }));

  const notInvited = state.notInvited ?? [];
  if (notInvited.length > 0) {
    const failures = notInvited.map((failure) => `${mention(failure.user).mrkdwn} (${inlineCode(failure.error).mrkdwn})`).join(', ');
    lines.push(text('incident.summary.notInvited', { failures: new TrustedMrkdwn(failures) }));
  }
  for (const group of state.unreadGroups ?? []) {
    lines.push(text('incident.summary.unreadGroup', { group: inlineCode(group.user), error: inlineCode(group.error) }));
  }
  if (state.topicError !== undefined) lines.push(text('incident.summary.topicFailed', { error: inlineCode(state.topicError) }));
  return lines;
}

/** Mentions of the given user ids, comma-separated, as trusted mrkdwn. */
export function mentions(users: readonly string[]): TrustedMrkdwn {
  return new TrustedMrkdwn(users.map((user) => mention(user).mrkdwn).join(', '));
}

function pieceMessages(heading: string, piece: ContextPiece, runtime: IncidentRuntime): OutgoingMessage[] {
  if ('output' in piece) return outputMessages(heading, piece.output === '' ? '(no output)' : piece.output);
  const line = runtime.text('incident.context.failed', { what: new TrustedMrkdwn(heading), error: inlineCode(piece.error) });
  return [{ text: line, blocks: [section(line)] }];
}

function sourceLinkText(runtime: IncidentRuntime, source: SourceLink): TrustedMrkdwn {
  if ('error' in source) return new TrustedMrkdwn(runtime.text('incident.summary.sourceUnavailable', { error: inlineCode(source.error) }));
  // A link's URL and label are escaped like any text; Slack decodes `&amp;` in the URL.
  return new TrustedMrkdwn(`<${escapeText(source.url)}|${escapeText(runtime.text('incident.summary.sourceLabel'))}>`);
}

/** Splits a `*Label*\nvalue` catalog line into the label and value that `fields` takes. */
function pairOf(line: string): { label: string; value: string } {
  const match = /^\*([^*\n]+)\*\n([\s\S]*)$/.exec(line);
  return match ? { label: match[1] as string, value: match[2] as string } : { label: '', value: line };
}
