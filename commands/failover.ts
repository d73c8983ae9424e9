import type { Locale } from '../src/config/app-config.js';
import type { TargetConfig } from '../src/config/targets-schema.js';
import type { Logger } from '../src/logging.js';
import { failoverPlanMessage } from '../src/slack/approval-message.js';
import type { CommandRequest } from './parse-command.js';
import { readFailoverPlan } from './failover-plan.js';
import type { CommandDependencies, SlashCommandInput } from './router.js';
import type { CommandReply } from './reply.js';
import { requestApproval } from './request-approval.js';

type FailoverRequest = Extract<CommandRequest, { subcommand: 'failover' }>;

/**
 * Requests a failover: reads the plan (current pod and node, PVC, replicas, candidate nodes,
 * latest snapshot) and requests an approval with it.
 */
export async function requestFailover(
  deps: CommandDependencies,
  input: SlashCommandInput,
  request: FailoverRequest,
  target: TargetConfig,
  locale: Locale,
  log: Logger,
): Promise<CommandReply | undefined> {
  const { reply } = await requestApproval(deps, input, locale, log, {
    operation: 'failover',
    target,
    params: { force: request.force, keepCordoned: request.keepCordoned },
    force: request.force,
    buildPlan: async () => {
      const plan = await readFailoverPlan(deps.clusters.kubeConfig(target.name), target);
      return failoverPlanMessage(locale, { target: target.name, requestedBy: input.userId, force: request.force, keepCordoned: request.keepCordoned }, plan);
    },
  });
  return reply;
}

/** Writes an audit entry; a failure is logged, because the audit must not block a reply to Slack. */
export async function recordAudit(deps: Pick<CommandDependencies, 'audit'>, log: Logger, entry: Parameters<CommandDependencies['audit']['record']>[0]): Promise<void> {
  try {
    await deps.audit.record(entry);
  } catch (error) {
    log.error({ err: error, auditType: entry.type, target: entry.target }, 'cannot write the audit entry');
  }
}
