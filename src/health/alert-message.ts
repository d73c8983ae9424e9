import type { Locale } from '../config/app-config.js';
import { buttons, context, section } from '../slack/blocks/builders.js';
import type { KnownBlock } from '../slack/blocks/types.js';
import { TrustedMrkdwn, inlineCode, userText } from '../slack/user-text.js';
import type { HealthAlert } from './alert-store.js';
import type { PodHealth } from './target-health.js';

/** Action id of the alert's Fail over button; the button value is only the alert id. */
export const HEALTH_FAILOVER_ACTION = 'pxmysql_health_failover';

/** Slack metadata event type of alert messages. */
export const HEALTH_ALERT_EVENT = 'pxmysql_health_alert';

export interface AlertMessageInput {
  alert: HealthAlert;
  deployment: string;
  incidentAfterSeconds: number;
  /**
   * Set once the target recovered: the message then shows it in place of the button. `serving` is
   * the Ready pod, or undefined when the Deployment was scaled to zero.
   */
  recovered?: { at: Date; serving: { pod: string; node: string } | undefined };
}

/** Builds the alert message: the facts of every pod, since when, and the Fail over button while open. */
export function alertMessage(locale: Locale, input: AlertMessageInput) {
  const { alert } = input;
  const t = (key: string, params = {}) => userText(locale, key, params);
  const title = t('health.alert.title', { target: inlineCode(alert.target) });
  const waitedSeconds = Math.max(0, Math.round((Date.parse(alert.openedAt) - Date.parse(alert.since)) / 1_000));

  const blocks: KnownBlock[] = [section(title)];
  blocks.push(section(podLines(locale, alert.pods, input.deployment)));
  blocks.push(context(t('health.alert.since', { time: inlineCode(formatTime(new Date(alert.since))), seconds: waitedSeconds })));
  if (input.recovered === undefined) {
    blocks.push(context(t('health.alert.action'), t('health.alert.escalation', { seconds: input.incidentAfterSeconds })));
    blocks.push(buttons(`pxmysql-health-${alert.id}`, [{ actionId: HEALTH_FAILOVER_ACTION, text: t('health.button.failover'), value: alert.id, style: 'danger' }]));
  } else {
    const { at, serving } = input.recovered;
    const time = inlineCode(formatTime(at));
    const closed =
      serving === undefined
        ? t('health.alert.scaledToZero', { time, deployment: inlineCode(input.deployment) })
        : t('health.alert.recovered', { time, pod: inlineCode(serving.pod), node: inlineCode(serving.node) });
    blocks.push({ ...context(closed), block_id: 'pxmysql-health-recovered' });
  }

  const metadata = {
    event_type: HEALTH_ALERT_EVENT,
    event_payload: { alert_id: alert.id, target: alert.target, state: input.recovered === undefined ? 'open' : 'recovered' },
  };
  return { text: title, blocks, metadata };
}

/** Builds the thread reply that reports a change of the facts while the alert stays open. */
export function changedReply(locale: Locale, pods: readonly PodHealth[], deployment: string): { text: string; blocks: KnownBlock[] } {
  const text = `${userText(locale, 'health.thread.changed')}\n${podLines(locale, pods, deployment)}`;
  return { text, blocks: [section(text)] };
}

/** Builds one line per pod, or a line stating that the Deployment has no pods. */
export function podLines(locale: Locale, pods: readonly PodHealth[], deployment: string): string {
  if (pods.length === 0) return userText(locale, 'health.alert.noPods', { deployment: inlineCode(deployment) });
  return pods.map((pod) => podLine(locale, pod)).join('\n');
}

function podLine(locale: Locale, pod: PodHealth): string {
  const t = (key: string, params = {}) => userText(locale, key, params);
  const podConditions = pod.podConditions.join(', ') || '-';
  let podState = t('health.pod.notReady', { conditions: podConditions });
  if (pod.terminating) podState = t('health.pod.terminating', { conditions: podConditions });
  else if (pod.podReady) podState = t('health.pod.ready');

  let nodeState = t('health.node.unscheduled');
  if (pod.nodeReady === true) nodeState = t('health.node.ready');
  else if (pod.nodeReady === false) nodeState = t('health.node.notReady', { conditions: pod.nodeConditions.join(', ') || '-' });

  return t('health.pod.line', {
    pod: inlineCode(pod.pod),
    node: pod.node === undefined ? '-' : inlineCode(pod.node),
    podState: new TrustedMrkdwn(podState),
    nodeState: new TrustedMrkdwn(nodeState),
  });
}

/** `2026-12-04 22:40:01 UTC`: readable in every locale, and the same on every replica. */
export function formatTime(time: Date): string {
  return `${time.toISOString().slice(0, 19).replace('T', ' ')} UTC`;
}
