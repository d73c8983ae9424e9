import type { RecordedAuditEntry } from '../src/audit/audit-log.js';
import type { Locale } from '../src/config/app-config.js';
import type { TargetConfig } from '../src/config/targets-schema.js';
import { inlineCode, mention, TrustedMrkdwn, userText } from '../src/slack/user-text.js';
import { infoReply, type CommandReply } from './reply.js';
import type { CommandDependencies } from './router.js';

/** Maximum length of the reason shown per entry; the audit stream keeps the whole text. */
const MAX_REASON_LENGTH = 200;

/** Shows the target's last `count` audit entries, newest first: when, what, who, and the ids to look up. */
export async function auditReply(deps: Pick<CommandDependencies, 'audit'>, target: TargetConfig, count: number, locale: Locale): Promise<CommandReply> {
  const entries = await deps.audit.recent({ target: target.name, count });
  if (entries.length === 0) return infoReply(userText(locale, 'operations.audit.empty', { target: inlineCode(target.name) }));
  const title = userText(locale, 'operations.audit.title', { target: inlineCode(target.name), count: entries.length });
  return infoReply([title, ...entries.map((entry) => auditLine(locale, entry))].join('\n'));
}

export function auditLine(locale: Locale, entry: RecordedAuditEntry): string {
  const details: string[] = [];
  if (entry.operation !== undefined) details.push(inlineCode(entry.operation).mrkdwn);
  if (entry.user !== undefined) details.push(userText(locale, 'operations.audit.by', { user: mention(entry.user) }));
  if (entry.outcome !== undefined) details.push(userText(locale, 'operations.audit.outcome', { outcome: entry.outcome }));
  if (entry.jobId !== undefined) details.push(userText(locale, 'operations.audit.job', { jobId: inlineCode(entry.jobId) }));
  if (entry.approvalId !== undefined) details.push(userText(locale, 'operations.audit.approval', { approvalId: inlineCode(entry.approvalId) }));
  if (entry.reason !== undefined) details.push(userText(locale, 'operations.audit.reason', { reason: truncate(entry.reason) }));
  return userText(locale, 'operations.audit.item', {
    at: inlineCode(formatTime(entry.at)),
    type: inlineCode(entry.type),
    details: new TrustedMrkdwn(details.join(' · ')),
  });
}

/** `2026-12-04 22:31:07 UTC`: the form on-call people paste into incident notes. */
function formatTime(at: Date): string {
  return Number.isNaN(at.getTime()) ? '?' : `${at.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}

function truncate(text: string): string {
  return text.length <= MAX_REASON_LENGTH ? text : `${text.slice(0, MAX_REASON_LENGTH - 1)}…`;
}
