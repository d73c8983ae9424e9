import type { Locale } from '../../src/config/app-config.js';
import { fields, section } from '../../src/slack/blocks/builders.js';
import type { OutgoingMessage } from '../../src/slack/blocks/types.js';
import { inlineCode, userText } from '../../src/slack/user-text.js';
import type { FailoverState } from './failover-data.js';
import { formatSeconds } from './format-seconds.js';

/** Most table names listed in the summary; the rest are counted. */
const MAX_LISTED_TABLES = 20;

/**
 * Builds the summary of a finished failover: old node → new node, replica locality, time from the
 * pod's deletion to verified, the fingerprint comparison and the old node's cordon.
 */
export function failoverSummary(locale: Locale, target: string, state: Readonly<FailoverState>, keepCordoned: boolean): OutgoingMessage {
  const t = (key: string, params = {}) => userText(locale, key, params);
  const oldNode = state.oldPod?.nodeName ?? '?';
  const newNode = state.newPod?.nodeName ?? '?';
  const verification = state.verification;
  const title = t('failover.report.title', { target, oldNode, newNode });

  const recoveryMs = state.verifiedAt !== undefined && state.deletedAt !== undefined ? state.verifiedAt - state.deletedAt : undefined;
  const readyMs = state.readyAt !== undefined && state.deletedAt !== undefined ? state.readyAt - state.deletedAt : undefined;
  const pairs = [
    { label: t('failover.report.pods'), value: `${inlineCode(state.oldPod?.name ?? '?').mrkdwn} → ${inlineCode(state.newPod?.name ?? '?').mrkdwn}` },
    { label: t('failover.report.nodes'), value: `${inlineCode(oldNode).mrkdwn} → ${inlineCode(newNode).mrkdwn}` },
    {
      label: t('failover.report.recovery'),
      value: recoveryMs === undefined ? t('common.unknown') : t('failover.report.recoveryValue', { total: formatSeconds(recoveryMs), ready: formatSeconds(readyMs ?? 0) }),
    },
    { label: t('failover.report.locality'), value: t(verification?.newNodeHoldsReplica ? 'failover.report.replicaLocal' : 'failover.report.replicaRemote') },
    { label: t('failover.report.fingerprint'), value: fingerprintValue(locale, state) },
    { label: t('failover.report.cordon'), value: cordonValue(locale, state, keepCordoned) },
  ];

  const blocks = [section(`*${title}*`), ...fields(pairs)];
  const matching = verification?.comparison?.matching ?? [];
  if (matching.length > 0) {
    const listed = matching.slice(0, MAX_LISTED_TABLES).join(', ');
    const rest = matching.length > MAX_LISTED_TABLES ? t('failover.report.moreTables', { count: matching.length - MAX_LISTED_TABLES }) : '';
    blocks.push(section(t('failover.report.matchingTables', { tables: inlineCode(listed), rest })));
  }
  return { text: title, blocks };
}

function fingerprintValue(locale: Locale, state: Readonly<FailoverState>): string {
  const comparison = state.verification?.comparison;
  if (comparison === undefined) return userText(locale, 'failover.report.fingerprintSkipped', { reason: state.fingerprintSkippedReason ?? '-' });
  const differing = comparison.differing.length + comparison.missing.length + comparison.extra.length;
  const key = comparison.equal ? 'failover.report.fingerprintEqual' : 'failover.report.fingerprintDiffers';
  return userText(locale, key, { matching: comparison.matching.length, differing });
}

function cordonValue(locale: Locale, state: Readonly<FailoverState>, keepCordoned: boolean): string {
  const node = state.cordonedNode ?? state.oldPod?.nodeName ?? '?';
  if (state.uncordoned) return userText(locale, 'failover.report.uncordoned', { node });
  if (state.cordonedByThisJob && keepCordoned) return userText(locale, 'failover.report.keptCordoned', { node });
  return userText(locale, 'failover.report.cordonedBefore', { node });
}
