import { HEALTH_ALERT_EVENT } from '../../src/health/alert-message.js';
import type { LabMessage } from '../../src/lab/slack/message-types.js';
import type { TestLab } from './test-lab.js';

/** Returns every health alert message posted after the store event `afterSeq`, once each. */
export function alertMessages(lab: TestLab, afterSeq: number): LabMessage[] {
  const byTs = new Map<string, LabMessage>();
  for (const event of lab.lab.slack.messages.eventsAfter(afterSeq)) {
    if (event.kind === 'message' && event.message?.metadata?.event_type === HEALTH_ALERT_EVENT) byTs.set(event.message.ts, event.message);
  }
  return [...byTs.values()];
}
