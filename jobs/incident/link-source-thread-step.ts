import { PxmysqlError } from '../../src/errors.js';
import type { Step } from '../../src/runtime/step-runner.js';
import { section } from '../../src/slack/blocks/builders.js';
import { TrustedMrkdwn } from '../../src/slack/user-text.js';
import type { IncidentState } from './incident-data.js';
import { slackErrorOf, type IncidentRuntime } from './incident-runtime.js';
import { mentions } from './incident-summary.js';
import { requireChannel } from './require-channel.js';

/**
 * Names the incident channel, as a `<#C…>` mention, in the job's own thread and, when the
 * incident comes from another thread (a failed job or a health alert), as a reply there too.
 */
export function linkSourceThreadStep(runtime: IncidentRuntime): Step<IncidentState> {
  return {
    name: 'link-source-thread',
    run: async (state) => {
      const channel = requireChannel(state);
      const { data, context } = runtime;
      const invited = state.invited ?? [];
      const params = { channel: new TrustedMrkdwn(`<#${channel.id}>`), name: channel.name, users: mentions(invited) };
      const text = runtime.text(invited.length === 0 ? 'incident.openedNobodyInvited' : 'incident.opened', params);
      context.reporter.reply({ text, blocks: [section(text)] });

      const source = data.incident.sourceThread;
      if (source === undefined || state.linkTs !== undefined) return {};
      try {
        const posted = await runtime.slack.chat.postMessage({ channel: source.channel, thread_ts: source.ts, text, blocks: [section(text)] });
        context.logger.info({ incidentChannel: channel.id, sourceChannel: source.channel }, 'linked the incident channel in the source thread');
        return posted.ts === undefined ? {} : { linkTs: posted.ts };
      } catch (error) {
        throw new PxmysqlError('incident_link_failed', `chat.postMessage in thread ${source.ts} of ${source.channel} failed: ${slackErrorOf(error)}`, { kind: 'retryable', cause: error });
      }
    },
  };
}
