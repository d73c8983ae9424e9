import { PxmysqlError } from '../../src/errors.js';
import type { Step } from '../../src/runtime/step-runner.js';
import type { IncidentState, InviteFailure } from './incident-data.js';
import { slackErrorOf, type IncidentRuntime } from './incident-runtime.js';
import { requireChannel } from './require-channel.js';

const USER_ID = /^[UW][A-Z0-9]+$/;

/**
 * Invites the target's on-call users, the members of its on-call user groups (read with
 * `usergroups.users.list`) and the person who asked. A group that cannot be read, or a user Slack
 * rejects, is recorded for the summary. Only an invite call that fails as a whole fails the step.
 */
export function inviteOnCallStep(runtime: IncidentRuntime): Step<IncidentState> {
  return {
    name: 'invite-on-call',
    run: async (state) => {
      const channel = requireChannel(state);
      const { context, data } = runtime;
      const onCall = context.target.onCall ?? { users: [], groups: [] };

      const users = new Set(onCall.users);
      if (USER_ID.test(data.requestedBy)) users.add(data.requestedBy);
      const unreadGroups: InviteFailure[] = [];
      for (const group of onCall.groups) {
        try {
          const result = await runtime.slack.usergroups.users.list({ usergroup: group });
          for (const user of result.users ?? []) users.add(user);
        } catch (error) {
          context.logger.warn({ err: error, usergroup: group }, 'cannot read the members of an on-call user group');
          unreadGroups.push({ user: group, error: slackErrorOf(error) });
        }
      }
      if (state.botUserId !== undefined) users.delete(state.botUserId);
      if (users.size === 0) return { invited: [], notInvited: [], unreadGroups };

      const failures = await invite(runtime, channel.id, [...users]);
      // Someone already in the channel (a resumed job, or the person who asked) counts as invited.
      const notInvited = failures.filter((failure) => failure.error !== 'already_in_channel');
      const invited = [...users].filter((user) => !notInvited.some((failure) => failure.user === user));
      context.logger.info({ incidentChannel: channel.id, invited: invited.length, notInvited: notInvited.length }, 'invited the on-call people');
      return { invited, notInvited, unreadGroups };
    },
  };
}

/** Invites with `force`, so one bad id does not stop the others; returns Slack's per-user failures. */
async function invite(runtime: IncidentRuntime, channel: string, users: string[]): Promise<InviteFailure[]> {
  try {
    const result = await runtime.slack.conversations.invite({ channel, users: users.join(','), force: true });
    return failuresOf((result as { errors?: unknown }).errors);
  } catch (error) {
    const failures = failuresOf((error as { data?: { errors?: unknown } }).data?.errors);
    // Every user failed (all already members, or all unknown): Slack reports each one.
    if (failures.length > 0) return failures;
    const code = slackErrorOf(error);
    if (code === 'already_in_channel') return users.map((user) => ({ user, error: code }));
    throw new PxmysqlError('incident_invite_failed', `conversations.invite to ${channel} failed: ${code}`, { kind: 'retryable', cause: error });
  }
}

function failuresOf(errors: unknown): InviteFailure[] {
  if (!Array.isArray(errors)) return [];
  return errors.flatMap((entry: { user?: unknown; error?: unknown }) =>
    typeof entry.user === 'string' ? [{ user: entry.user, error: typeof entry.error === 'string' ? entry.error : 'cant_invite' }] : [],
  );
}
