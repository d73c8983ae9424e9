import type { Step } from '../../src/runtime/step-runner.js';
import { translate } from '../../src/slack/i18n/translate.js';
import type { IncidentState } from './incident-data.js';
import { slackErrorOf, type IncidentRuntime } from './incident-runtime.js';
import { requireChannel } from './require-channel.js';

/** Slack's maximum topic length, in characters. */
const MAX_TOPIC_LENGTH = 250;

/** Sets the channel topic to the operation, target and title. A failure is recorded for the summary, not thrown. */
export function setTopicStep(runtime: IncidentRuntime): Step<IncidentState> {
  return {
    name: 'set-topic',
    run: async (state) => {
      const channel = requireChannel(state);
      const { data, context } = runtime;
      // A topic is plain text without formatting, so the values go in unescaped.
      const topic = truncate(translate(data.locale, 'incident.topic', { operation: data.incident.about, target: data.target, title: data.incident.title }));
      try {
        await runtime.slack.conversations.setTopic({ channel: channel.id, topic });
        return {};
      } catch (error) {
        context.logger.warn({ err: error, incidentChannel: channel.id }, 'cannot set the incident channel topic');
        return { topicError: slackErrorOf(error) };
      }
    },
  };
}

function truncate(topic: string): string {
  const characters = [...topic];
  return characters.length <= MAX_TOPIC_LENGTH ? topic : `${characters.slice(0, MAX_TOPIC_LENGTH - 1).join('')}…`;
}
