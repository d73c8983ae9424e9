import { PxmysqlError } from '../../src/errors.js';
import type { FailoverState } from './failover-data.js';

/**
 * Returns a field that an earlier step stored. A missing field means the stored state is
 * inconsistent (edited by hand, or written by another version), so the job stops.
 */
export function requireState<Key extends keyof FailoverState>(state: Readonly<FailoverState>, key: Key): NonNullable<FailoverState[Key]> {
  const value = state[key];
  if (value === undefined || value === null) {
    throw new PxmysqlError('failover_state_invalid', `the stored failover state has no "${String(key)}", so the job cannot go on; completed steps: ${state.completedSteps.join(', ') || 'none'}`);
  }
  return value as NonNullable<FailoverState[Key]>;
}
