import { ROLES, type Role } from '../config/names.js';

export type { Role } from '../config/names.js';

/** Returns whether `role` grants at least what `required` grants (viewer < operator < approver < admin). */
export function roleSatisfies(role: Role | undefined, required: Role): boolean {
  if (role === undefined) return false;
  return ROLES.indexOf(role) >= ROLES.indexOf(required);
}

/** Returns the strongest of the given roles. */
export function strongestRole(roles: Iterable<Role>): Role | undefined {
  let best: Role | undefined;
  for (const role of roles) if (best === undefined || ROLES.indexOf(role) > ROLES.indexOf(best)) best = role;
  return best;
}
