import type { TargetConfig } from '../config/targets-schema.js';
import type { Role } from './roles.js';
import { roleSatisfies } from './roles.js';

export type AccessDecision =
  | { allowed: true }
  | { allowed: false; reason: 'no_role' | 'role_too_low' | 'channel_not_allowed'; role: Role | undefined; required: Role };

/** Decides whether a user with `role` may run a command that needs `required` on `target` from `channelId`. */
export function authorize(input: { role: Role | undefined; required: Role; target: TargetConfig; channelId: string }): AccessDecision {
  const { role, required, target, channelId } = input;
  if (role === undefined) return { allowed: false, reason: 'no_role', role, required };
  if (!roleSatisfies(role, required)) return { allowed: false, reason: 'role_too_low', role, required };
  if (target.channels.length > 0 && !target.channels.includes(channelId)) {
    return { allowed: false, reason: 'channel_not_allowed', role, required };
  }
  return { allowed: true };
}
