import type { Locale } from '../src/config/app-config.js';
import type { StatusJobData } from '../src/queue/job-data.js';
import type { TargetConfig } from '../src/config/targets-schema.js';

/** Builds the job data of a `status` command; the job does all the cluster reads. */
export function statusJob(input: { target: TargetConfig; userId: string; channelId: string; triggerId: string; locale: Locale }): StatusJobData {
  return {
    operation: 'status',
    target: input.target.name,
    requestedBy: input.userId,
    channel: input.channelId,
    triggerId: input.triggerId,
    locale: input.locale,
  };
}
