import { PxmysqlError, type ErrorKind } from '../errors.js';
import { translate } from '../slack/i18n/translate.js';
import type { StepState } from './step-runner.js';

/**
 * Builds the error that stops an operation: the message is the catalog text in English (plain,
 * unescaped), and the key and parameters let a reply render it in the requester's locale.
 */
export function catalogError(code: string, key: string, params: Record<string, string | number>, kind: ErrorKind = 'user'): PxmysqlError {
  return new PxmysqlError(code, translate('en', key, params), { kind, messageKey: key, messageParams: params });
}

/**
 * Returns a field that an earlier step stored. A missing field means the stored state is
 * inconsistent (edited by hand, or written by another version), so the job stops with the error
 * code `<operation>_state_invalid`.
 */
export function requireStepState<State extends StepState, Key extends keyof State>(operation: string, state: Readonly<State>, key: Key): NonNullable<State[Key]> {
  const value = state[key];
  if (value === undefined || value === null) {
    throw new PxmysqlError(
      `${operation}_state_invalid`,
      `the stored ${operation} state has no "${String(key)}", so the job cannot go on; completed steps: ${state.completedSteps.join(', ') || 'none'}`,
    );
  }
  return value as NonNullable<State[Key]>;
}
