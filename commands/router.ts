import { randomUUID } from 'node:crypto';
import { authorize } from '../src/access/authorize.js';
import type { RoleResolver } from '../src/access/role-resolver.js';
import type { AppConfig, Locale } from '../src/config/app-config.js';
import type { Role } from '../src/config/names.js';
import { isPxmysqlError } from '../src/errors.js';
import type { Logger } from '../src/logging.js';
import type { JobProducer } from '../src/queue/job-producer.js';
import { inlineCode, userText } from '../src/slack/user-text.js';
import { helpReply, usageText } from './help.js';
import { SUBCOMMANDS, parseCommand, type CommandRequest, type SubcommandName } from './parse-command.js';
import { errorReply, type CommandReply } from './reply.js';
import { resolveTarget } from './resolve-target.js';
import { statusJob } from './status.js';
import { recordAudit, requestFailover } from './failover.js';
import { dispatchStorageCommand } from './dispatch-storage.js';
import { openIncidentByCommand } from './incident.js';
import { incidentTargetName } from './parse-incident.js';
import { startDrill } from './drill.js';
import { dispatchScheduleCommand } from './schedule.js';
import type { ScheduleStore } from '../src/schedules/schedule-store.js';
import type { WebClient } from '@slack/web-api';
import type { ApprovalStore } from '../src/approvals/approval-store.js';
import type { AuditLog } from '../src/audit/audit-log.js';
import type { TargetLocks } from '../src/locks/target-locks.js';
import type { TargetClusters } from '../src/runtime/target-clusters.js';
import type { CancelRequests } from '../src/runtime/cancel-requests.js';
import type { JobReader } from '../src/queue/job-reader.js';
import type { TargetConfig } from '../src/config/targets-schema.js';
import { auditReply } from './audit.js';
import { cancelJob } from './cancel.js';
import { jobsReply } from './jobs.js';

export interface CommandDependencies {
  config: AppConfig;
  producer: JobProducer;
  roles: RoleResolver;
  /** Returns the Slack user's locale, or the configured one when unknown. */
  localeOf: (userId: string) => Promise<Locale>;
  logger: Logger;
  approvals: ApprovalStore;
  locks: TargetLocks;
  audit: AuditLog;
  clusters: TargetClusters;
  slack: Pick<WebClient, 'chat'>;
  cancels: CancelRequests;
  jobs: JobReader;
  schedules: ScheduleStore;
}

/** One `/pxmysql` invocation, as Slack delivered it. */
export interface SlashCommandInput {
  userId: string;
  channelId: string;
  text: string;
  triggerId: string;
}

/** Role needed for each subcommand; help is open to everyone. */
const REQUIRED_ROLE: Record<SubcommandName, Role | undefined> = {
  help: undefined,
  status: 'viewer',
  failover: 'operator',
  snapshot: 'operator',
  snapshots: 'viewer',
  expand: 'operator',
  restore: 'operator',
  drop: 'operator',
  promote: 'operator',
  jobs: 'viewer',
  cancel: 'operator',
  audit: 'operator',
  drill: 'operator',
  schedule: 'operator',
  schedules: 'viewer',
  unschedule: 'operator',
  incident: 'operator',
};

/**
 * Handles a command after Slack has been acknowledged: parse, authorize, then enqueue a job or
 * reply. Returns the ephemeral reply to send, or undefined when a job's thread carries the result.
 */
export async function routeCommand(deps: CommandDependencies, input: SlashCommandInput): Promise<CommandReply | undefined> {
  const locale = await deps.localeOf(input.userId);
  const log = deps.logger.child({ slackUser: input.userId, channel: input.channelId, triggerId: input.triggerId });

  let request: CommandRequest;
  try {
    request = parseCommand(input.text);
  } catch (error) {
    if (!isPxmysqlError(error) || error.kind !== 'user') return internalError(log, locale, error);
    log.info({ code: error.code }, 'rejected command: invalid input');
    // An unknown subcommand has no usage of its own, and the list of all of them would bury the message.
    const usage = error.code === 'unknown_subcommand' ? undefined : usageText(locale, subcommandOf(error));
    return errorReply(userText(locale, error.messageKey ?? 'error.internal', { ...error.messageParams }), usage);
  }

  try {
    return await dispatch(deps, input, request, locale, log);
  } catch (error) {
    if (isPxmysqlError(error) && error.messageKey !== undefined && error.kind !== 'permanent') {
      return errorReply(userText(locale, error.messageKey, { ...error.messageParams }));
    }
    return internalError(log, locale, error);
  }
}

async function dispatch(
  deps: CommandDependencies,
  input: SlashCommandInput,
  request: CommandRequest,
  locale: Locale,
  log: Logger,
): Promise<CommandReply | undefined> {
  if (request.subcommand === 'help') return helpReply(locale, request.topic);
  // The job names its target, so cancel checks access once it has found the job.
  if (request.subcommand === 'cancel') return await cancelJob(deps, input, request, locale, log, (target) => accessRefusal(deps, input, target, 'cancel', locale, log));

  const target = resolveTarget(deps.config, targetNameOf(deps.config, request));
  const refusal = await accessRefusal(deps, input, target, request.subcommand, locale, log);
  if (refusal !== undefined) return refusal;

  switch (request.subcommand) {
    case 'failover':
      return await requestFailover(deps, input, request, target, locale, log);
    case 'status': {
      const job = statusJob({ target, userId: input.userId, channelId: input.channelId, triggerId: input.triggerId, locale });
      const result = await deps.producer.enqueue(job);
      log.info({ jobId: result.jobId, target: target.name, created: result.created }, result.created ? 'enqueued job' : 'job already enqueued');
      return undefined;
    }
    case 'incident':
      return await openIncidentByCommand(deps, input, request, target, locale, log);
    case 'jobs':
      return await jobsReply(deps, target, locale);
    case 'audit':
      return await auditReply(deps, target, request.count, locale);
    case 'drill':
      return await startDrill(deps, input, target, locale, log);
    case 'schedule':
    case 'schedules':
    case 'unschedule':
      return await dispatchScheduleCommand(deps, input, request, target, locale, log);
    default:
      return await dispatchStorageCommand(deps, input, request, target, locale, log);
  }
}

/** Returns the refusal to send when the user's role or channel does not allow `subcommand` on `target`. */
async function accessRefusal(
  deps: CommandDependencies,
  input: SlashCommandInput,
  target: TargetConfig,
  subcommand: Exclude<SubcommandName, 'help'>,
  locale: Locale,
  log: Logger,
): Promise<CommandReply | undefined> {
  const required = REQUIRED_ROLE[subcommand] as Role;
  const role = await deps.roles.roleOf(input.userId);
  const decision = authorize({ role, required, target, channelId: input.channelId });
  if (decision.allowed) return undefined;
  log.info({ target: target.name, reason: decision.reason, role, required }, 'rejected command: access denied');
  await recordAudit(deps, log, { type: 'refusal', user: input.userId, target: target.name, operation: subcommand, reason: decision.reason });
  return errorReply(
    userText(locale, `error.access.${decision.reason}`, {
      role: role ?? '-',
      required,
      target: inlineCode(target.name),
    }),
  );
}

/** Returns the target a command names; `snapshot` with one word names a target only if one has that name. */
function targetNameOf(config: AppConfig, request: Exclude<CommandRequest, { subcommand: 'help' | 'cancel' }>): string | undefined {
  if (request.subcommand === 'incident') return incidentTargetName(config.targets, request.words);
  if (request.subcommand !== 'snapshot') return request.target;
  const [first] = request.words;
  if (request.words.length === 2) return first;
  return first !== undefined && config.targets[first] !== undefined ? first : undefined;
}

function internalError(log: Logger, locale: Locale, error: unknown): CommandReply {
  const errorId = randomUUID().slice(0, 8);
  log.error({ err: error, errorId }, 'command failed');
  return errorReply(userText(locale, 'error.internal', { errorId }));
}

function subcommandOf(error: { messageParams: Readonly<Record<string, string | number>> }): SubcommandName | undefined {
  const name = error.messageParams.subcommand;
  return SUBCOMMANDS.find((subcommand) => subcommand === name);
}
