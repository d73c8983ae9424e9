import type { WebClient } from '@slack/web-api';
import type { JobContext } from '../../src/runtime/job-context.js';
import { userText, type TextParam } from '../../src/slack/user-text.js';
import type { IncidentJobData } from './incident-data.js';

/** The Web API methods an incident job calls. */
export type IncidentSlack = Pick<WebClient, 'conversations' | 'usergroups' | 'chat'>;

/** Everything an incident step uses: the job context, the Slack client and the catalog in the job's language. */
export interface IncidentRuntime {
  context: JobContext<IncidentJobData>;
  data: IncidentJobData;
  slack: IncidentSlack;
  /** When the job was created, in milliseconds; it dates the channel name, so a resumed job builds the same name. */
  createdAt: number;
  text(key: string, params?: Record<string, TextParam>): string;
}

export function createIncidentRuntime(context: JobContext<IncidentJobData>, slack: IncidentSlack): IncidentRuntime {
  const data = context.job.data;
  return {
    context,
    data,
    slack,
    createdAt: context.job.timestamp ?? Date.now(),
    text: (key, params = {}) => userText(data.locale, key, params),
  };
}

/** Returns Slack's error code of a failed Web API call (`name_taken`, …), or the error's message. */
export function slackErrorOf(error: unknown): string {
  const code = (error as { data?: { error?: unknown } } | undefined)?.data?.error;
  if (typeof code === 'string') return code;
  return error instanceof Error ? error.message : String(error);
}
