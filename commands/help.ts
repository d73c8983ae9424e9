import type { Locale } from '../src/config/app-config.js';
import { userText } from '../src/slack/user-text.js';
import type { SubcommandName } from './parse-command.js';
import { infoReply, type CommandReply } from './reply.js';

/** Catalog keys of each subcommand's one-line usage, in the order help lists them. */
export const USAGE_KEYS: Record<SubcommandName, string> = {
  help: 'usage.help',
  status: 'usage.status',
  failover: 'usage.failover',
  snapshot: 'usage.snapshot',
  snapshots: 'usage.snapshots',
  expand: 'usage.expand',
  restore: 'usage.restore',
  drop: 'usage.drop',
  promote: 'usage.promote',
  jobs: 'usage.jobs',
  cancel: 'usage.cancel',
  audit: 'usage.audit',
  drill: 'usage.drill',
  schedule: 'usage.schedule',
  schedules: 'usage.schedules',
  unschedule: 'usage.unschedule',
  incident: 'usage.incident',
};

/** Returns the usage lines of one subcommand, or of all. */
export function usageText(locale: Locale, topic?: SubcommandName): string {
  const names = topic === undefined ? (Object.keys(USAGE_KEYS) as SubcommandName[]) : [topic];
  return names.map((name) => userText(locale, USAGE_KEYS[name])).join('\n');
}

export function helpReply(locale: Locale, topic: SubcommandName | undefined): CommandReply {
  const intro = topic === undefined ? `${userText(locale, 'help.intro')}\n` : '';
  return infoReply(`${intro}${usageText(locale, topic)}`);
}
