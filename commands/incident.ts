import type { Locale } from '../src/config/app-config.js';
import type { TargetConfig } from '../src/config/targets-schema.js';
import { createIncidentOpener } from '../src/incidents/incident-opener.js';
import type { Logger } from '../src/logging.js';
import type { JobProducer } from '../src/queue/job-producer.js';
import { userText } from '../src/slack/user-text.js';
import { incidentTitleWords, type IncidentCommandRequest } from './parse-incident.js';
import type { CommandReply } from './reply.js';
import type { SlashCommandInput } from './router.js';

/** Maximum title length, in characters. A longer title is cut, because it also goes into the channel topic. */
const MAX_TITLE_LENGTH = 200;

/**
 * Opens an incident channel for `target` by hand. The job reports in a thread in the command's
 * channel, which is the incident's source thread; Slack's trigger id is the dedupe key, so a
 * command delivered twice opens one channel.
 */
export async function openIncidentByCommand(
  deps: { producer: Pick<JobProducer, 'enqueue'>; config: { targets: Readonly<Record<string, unknown>> } },
  input: SlashCommandInput,
  request: IncidentCommandRequest,
  target: TargetConfig,
  locale: Locale,
  log: Logger,
): Promise<CommandReply | undefined> {
  const typed = incidentTitleWords(deps.config.targets, request.words).join(' ').trim();
  const title = typed === '' ? userText(locale, 'incident.defaultTitle') : [...typed].slice(0, MAX_TITLE_LENGTH).join('');
  const open = createIncidentOpener(deps.producer, log);
  await open({
    target: target.name,
    operation: 'incident',
    trigger: 'command',
    title,
    requestedBy: input.userId,
    channel: input.channelId,
    dedupeKey: input.triggerId,
    locale,
  });
  return undefined;
}
