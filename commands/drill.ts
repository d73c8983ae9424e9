import { restoreDrillJobData } from '../jobs/drill/drill-data.js';
import type { Locale } from '../src/config/app-config.js';
import type { TargetConfig } from '../src/config/targets-schema.js';
import type { Logger } from '../src/logging.js';
import { parseTargetName, rejectExtra } from './parse-arguments.js';
import type { CommandDependencies, SlashCommandInput } from './router.js';
import type { Token } from './tokenize.js';

/** A parsed `/pxmysql drill [target]`. */
export interface DrillCommandRequest {
  subcommand: 'drill';
  target: string | undefined;
}

/** Parses the arguments of `drill`: at most one, the target. */
export function parseDrill(args: Token[]): DrillCommandRequest {
  rejectExtra(args, 1, 'drill');
  return { subcommand: 'drill', target: args[0] === undefined ? undefined : parseTargetName(args[0], 'drill') };
}

/**
 * Enqueues a restore drill of the target. It needs no approval, because the drill works on its own
 * scratch PVC and Deployment. The job's thread carries the result, so there is no reply.
 */
export async function startDrill(deps: CommandDependencies, input: SlashCommandInput, target: TargetConfig, locale: Locale, log: Logger): Promise<undefined> {
  const job = restoreDrillJobData({ target: target.name, requestedBy: input.userId, channel: input.channelId, triggerId: input.triggerId, locale });
  const result = await deps.producer.enqueue(job);
  log.info({ jobId: result.jobId, target: target.name, created: result.created }, result.created ? 'enqueued restore drill' : 'restore drill already enqueued');
  return undefined;
}
