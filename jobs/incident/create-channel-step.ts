import { PxmysqlError } from '../../src/errors.js';
import type { Step } from '../../src/runtime/step-runner.js';
import { incidentChannelName } from './channel-name.js';
import type { IncidentState } from './incident-data.js';
import { slackErrorOf, type IncidentRuntime } from './incident-runtime.js';

/** Names tried before giving up: the base name, then `-2` … `-50`. */
const MAX_NAME_ATTEMPTS = 50;

/**
 * Creates the incident channel, named from the job's creation date, the target and the operation,
 * with a numeric suffix when Slack returns `name_taken`.
 */
export function createChannelStep(runtime: IncidentRuntime): Step<IncidentState> {
  return {
    name: 'create-channel',
    run: async (state) => {
      if (state.channel !== undefined) return {};
      const { data, context } = runtime;
      const date = new Date(runtime.createdAt);

      for (let attempt = 1; attempt <= MAX_NAME_ATTEMPTS; attempt += 1) {
        const name = incidentChannelName(date, data.target, data.incident.about, attempt);
        try {
          // NOTE: a worker that dies after this call but before the state is stored leaves an empty
          // channel. The resumed job then creates another one with the next suffix.
          const result = await runtime.slack.conversations.create({ name });
          const id = result.channel?.id;
          if (id === undefined) throw new Error(`conversations.create returned no channel id for ${name}`);
          context.logger.info({ incidentChannel: id, channelName: name }, 'created the incident channel');
          return { channel: { id, name }, ...(result.channel?.creator ? { botUserId: result.channel.creator } : {}) };
        } catch (error) {
          if (slackErrorOf(error) === 'name_taken') continue;
          throw new PxmysqlError('incident_channel_failed', `conversations.create ${name} failed: ${slackErrorOf(error)}`, { kind: 'retryable', cause: error });
        }
      }
      throw new PxmysqlError('incident_channel_failed', `every channel name from ${incidentChannelName(date, data.target, data.incident.about)} to suffix -${MAX_NAME_ATTEMPTS} is taken`);
    },
  };
}
