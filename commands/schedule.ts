import type { Locale } from '../src/config/app-config.js';
import { SCHEDULE_KEEP_RANGE, type TargetConfig } from '../src/config/targets-schema.js';
import type { Logger } from '../src/logging.js';
import { nextRuns, validateCronSchedule } from '../src/schedules/cron-schedule.js';
import type { StoredSchedule } from '../src/schedules/schedule-store.js';
import { DEFAULT_TIMEZONE, scheduleIdFor, type ScheduleSpec } from '../src/schedules/schedule-types.js';
import { inlineCode, TrustedMrkdwn, userText } from '../src/slack/user-text.js';
import type { ScheduleCommandRequest } from './parse-schedule-commands.js';
import { errorReply, infoReply, type CommandReply } from './reply.js';
import type { CommandDependencies, SlashCommandInput } from './router.js';

/**
 * Runs the schedule, schedules and unschedule commands once the target is resolved and access is
 * granted. Each returns an ephemeral reply at once, and schedule changes are audited.
 */
export async function dispatchScheduleCommand(
  deps: CommandDependencies,
  input: SlashCommandInput,
  request: ScheduleCommandRequest,
  target: TargetConfig,
  locale: Locale,
  log: Logger,
): Promise<CommandReply> {
  switch (request.subcommand) {
    case 'schedule':
      return await upsertSchedule(deps, input, request, target, locale, log);
    case 'schedules':
      return schedulesReply(await deps.schedules.list(target.name), target, locale);
    case 'unschedule':
      return await removeSchedule(deps, input, request.id, target, locale, log);
  }
}

async function upsertSchedule(
  deps: CommandDependencies,
  input: SlashCommandInput,
  request: Extract<ScheduleCommandRequest, { subcommand: 'schedule' }>,
  target: TargetConfig,
  locale: Locale,
  log: Logger,
): Promise<CommandReply> {
  const now = new Date();
  const timezone = request.timezone ?? DEFAULT_TIMEZONE;
  validateCronSchedule(request.cron, timezone, deps.config.schedules.minIntervalMs, now);

  const spec: ScheduleSpec = {
    id: scheduleIdFor(request.kind, target.name),
    kind: request.kind,
    target: target.name,
    cron: request.cron,
    timezone,
    keep: request.kind === 'snapshot' ? (request.keep ?? SCHEDULE_KEEP_RANGE.default) : undefined,
    channel: input.channelId,
    createdBy: input.userId,
    source: 'command',
    updatedAt: now.toISOString(),
    locale,
  };
  const previous = await deps.schedules.upsert(spec);
  await deps.audit.record({
    type: 'request',
    user: input.userId,
    target: target.name,
    operation: 'schedule',
    outcome: previous === undefined ? 'created' : 'replaced',
    params: { scheduleId: spec.id, kind: spec.kind, cron: spec.cron, timezone, keep: spec.keep, channel: spec.channel, previousCron: previous?.spec.cron },
  });
  log.info({ scheduleId: spec.id, target: target.name, cron: spec.cron, timezone, keep: spec.keep, replaced: previous !== undefined }, 'schedule upserted');

  const lines = [
    userText(locale, previous === undefined ? 'schedule.created' : 'schedule.replaced', {
      id: inlineCode(spec.id),
      target: inlineCode(target.name),
      cron: inlineCode(spec.cron),
      timezone,
      next: nextRunText(spec, locale, now),
    }),
  ];
  if (spec.keep !== undefined) lines.push(userText(locale, 'schedule.keepLine', { keep: spec.keep }));
  if (previous?.spec.source === 'targets-file') lines.push(userText(locale, 'schedule.overridesTargetsFile'));
  return infoReply(lines.join('\n'));
}

async function removeSchedule(deps: CommandDependencies, input: SlashCommandInput, id: string, target: TargetConfig, locale: Locale, log: Logger): Promise<CommandReply> {
  const previous = await deps.schedules.get(id);
  const removed = await deps.schedules.remove(id);
  if (!removed) return errorReply(userText(locale, 'schedule.notFound', { id: inlineCode(id), target: inlineCode(target.name) }));

  await deps.audit.record({ type: 'request', user: input.userId, target: target.name, operation: 'unschedule', outcome: 'removed', params: { scheduleId: id, cron: previous?.spec.cron } });
  log.info({ scheduleId: id, target: target.name }, 'schedule removed');
  const lines = [userText(locale, 'schedule.removed', { id: inlineCode(id) })];
  if (previous?.spec.source === 'targets-file') lines.push(userText(locale, 'schedule.removedFromTargetsFileNote'));
  return infoReply(lines.join('\n'));
}

/** Lists a target's schedules: id, cron and zone, retention, next run, notice channel and origin. */
export function schedulesReply(schedules: readonly StoredSchedule[], target: TargetConfig, locale: Locale): CommandReply {
  if (schedules.length === 0) return infoReply(userText(locale, 'schedule.list.empty', { target: inlineCode(target.name) }));
  const lines = [userText(locale, 'schedule.list.title', { target: inlineCode(target.name) })];
  for (const { spec, next } of schedules) {
    lines.push(
      userText(locale, 'schedule.list.item', {
        id: inlineCode(spec.id),
        cron: inlineCode(spec.cron),
        timezone: spec.timezone,
        keep: spec.keep === undefined ? '-' : spec.keep,
        next: next === undefined ? userText(locale, 'common.unknown') : new Date(next).toISOString(),
        channel: new TrustedMrkdwn(`<#${spec.channel}>`),
        source: userText(locale, spec.source === 'command' ? 'schedule.source.command' : 'schedule.source.targetsFile'),
      }),
    );
  }
  return infoReply(lines.join('\n'));
}

function nextRunText(spec: ScheduleSpec, locale: Locale, now: Date): string {
  const [next] = nextRuns(spec.cron, spec.timezone, now, 1);
  return next === undefined ? userText(locale, 'common.unknown') : new Date(next).toISOString();
}
