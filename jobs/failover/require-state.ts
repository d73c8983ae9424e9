import { requireStepState } from '../../src/runtime/operation-errors.js';
import type { FailoverState } from './failover-data.js';

/**
 * Returns a field that an earlier step stored. A missing field means the stored state is
 * inconsistent (edited by hand, or written by another version), so the job stops.
 */
export function requireState<Key extends keyof FailoverState>(state: Readonly<FailoverState>, key: Key): NonNullable<FailoverState[Key]> {
  return requireStepState('failover', state, key);
}
