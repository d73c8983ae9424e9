import type { Locale } from '../src/config/app-config.js';
import type { TargetConfig } from '../src/config/targets-schema.js';
import type { JobSummary } from '../src/queue/job-reader.js';
import { inlineCode, mention, userText } from '../src/slack/user-text.js';
import { formatDuration } from './format-duration.js';
import { infoReply, type CommandReply } from './reply.js';
import type { CommandDependencies } from './router.js';
import { threadLink } from './thread-link.js';

/** Most jobs one reply lists. */
const MAX_LISTED_JOBS = 15;

/** Lists the target's running and waiting jobs, then its most recent finished ones, with links to their threads. */
export async function jobsReply(
  deps: Pick<CommandDependencies, 'jobs' | 'slack' | 'logger'>,
  target: TargetConfig,
  locale: Locale,
  now: Date = new Date(),
): Promise<CommandReply> {
  const jobs = await deps.jobs.list({ target: target.name, limit: MAX_LISTED_JOBS });
  if (jobs.length === 0) return infoReply(userText(locale, 'operations.jobs.empty', { target: inlineCode(target.name) }));

  const lines = await Promise.all(jobs.map((job) => jobLine(deps, locale, job, now)));
  return infoReply([userText(locale, 'operations.jobs.title', { target: inlineCode(target.name) }), ...lines].join('\n'));
}

async function jobLine(deps: Pick<CommandDependencies, 'slack' | 'logger'>, locale: Locale, job: JobSummary, now: Date): Promise<string> {
  const link = await threadLink(deps, locale, { channel: job.channel, ts: job.threadTs }, { target: job.target, jobId: job.id });
  return userText(locale, 'operations.jobs.item', {
    state: userText(locale, `operations.jobs.state.${job.state}`),
    operation: inlineCode(job.operation),
    jobId: inlineCode(job.id),
    user: mention(job.requestedBy),
    when: whenText(locale, job, now),
    link,
  });
}

function whenText(locale: Locale, job: JobSummary, now: Date): string {
  if (job.state === 'waiting') return userText(locale, 'operations.jobs.queuedAgo', { age: formatDuration(locale, now.getTime() - job.createdAt.getTime()) });
  const started = job.startedAt ?? job.createdAt;
  if (job.state === 'running') return userText(locale, 'operations.jobs.startedAgo', { age: formatDuration(locale, now.getTime() - started.getTime()) });
  const finished = job.finishedAt ?? started;
  return userText(locale, 'operations.jobs.endedAgo', {
    age: formatDuration(locale, now.getTime() - finished.getTime()),
    took: formatDuration(locale, finished.getTime() - started.getTime()),
  });
}
