import { PxmysqlError } from '../../src/errors.js';
import type { Step } from '../../src/runtime/step-runner.js';
import { collectIncidentContext } from './collect-context.js';
import type { IncidentState } from './incident-data.js';
import { slackErrorOf, type IncidentRuntime } from './incident-runtime.js';
import { incidentSummary, type SourceLink } from './incident-summary.js';
import { requireChannel } from './require-channel.js';
import { sourceThreadOf } from './source-thread.js';

/**
 * Reads the target's context and posts the summary in the incident channel. A piece of context
 * that cannot be read is shown in the summary, but a failed post fails the step.
 */
export function postSummaryStep(runtime: IncidentRuntime): Step<IncidentState> {
  return {
    name: 'post-summary',
    run: async (state) => {
      if (state.summaryTs !== undefined) return {};
      const channel = requireChannel(state);
      const { context } = runtime;

      const [collected, source] = await Promise.all([collectIncidentContext(context.kubeConfig, context.target), permalinkOf(runtime)]);
      const failedPieces = Object.entries(collected).filter(([, piece]) => 'error' in piece).map(([name]) => name);
      if (failedPieces.length > 0) context.logger.warn({ failedPieces }, 'some incident context could not be read; the summary shows why');

      // NOTE: a worker that dies while posting leaves a partial summary, and the resumed job posts it again in full.
      let summaryTs: string | undefined;
      const metadata = summaryMetadata(runtime, channel.name);
      for (const message of incidentSummary(runtime, state, collected, source)) {
        try {
          const posted = await runtime.slack.chat.postMessage({ channel: channel.id, text: message.text, blocks: message.blocks, metadata, unfurl_links: false, unfurl_media: false });
          summaryTs ??= posted.ts;
        } catch (error) {
          throw new PxmysqlError('incident_summary_failed', `chat.postMessage to ${channel.id} failed: ${slackErrorOf(error)}`, { kind: 'retryable', cause: error });
        }
      }
      context.logger.info({ incidentChannel: channel.id, summaryTs }, 'posted the incident summary');
      return summaryTs === undefined ? {} : { summaryTs };
    },
  };
}

/**
 * Metadata on each summary message, so tools find incident summaries without parsing text. The
 * `trigger_id` is the one on the job's parent message, which ties the summary to the command.
 */
function summaryMetadata(runtime: IncidentRuntime, channelName: string): { event_type: string; event_payload: Record<string, string> } {
  const { data, context } = runtime;
  return {
    event_type: 'pxmysql_incident',
    event_payload: { trigger_id: data.triggerId, job_id: context.job.id ?? '', target: data.target, operation: data.incident.about, channel_name: channelName },
  };
}

async function permalinkOf(runtime: IncidentRuntime): Promise<SourceLink> {
  const source = sourceThreadOf(runtime);
  if (source === undefined) return { error: 'no source thread' };
  try {
    const result = await runtime.slack.chat.getPermalink({ channel: source.channel, message_ts: source.ts });
    return result.permalink ? { url: result.permalink } : { error: 'chat.getPermalink returned no permalink' };
  } catch (error) {
    runtime.context.logger.warn({ err: error, sourceChannel: source.channel }, 'cannot read the permalink of the source thread');
    return { error: slackErrorOf(error) };
  }
}
