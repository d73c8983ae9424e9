import { UserInputError } from '../src/errors.js';
import { describeToken, parseTargetName, rejectExtra, wordOf } from './parse-arguments.js';
import type { Token } from './tokenize.js';

/** Maximum number of audit entries in one reply. */
export const MAX_AUDIT_ENTRIES = 50;
/** Number of audit entries shown when the command gives no count. */
export const DEFAULT_AUDIT_ENTRIES = 10;

/** BullMQ job ids as pxmysql makes them: an operation name, "-", and letters, digits, ".", "_" or "-". */
const JOB_ID = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,199}$/;

/** Parsed jobs, cancel and audit commands: the operations overview. */
export type OperationsCommandRequest =
  | { subcommand: 'jobs'; target: string | undefined }
  | { subcommand: 'cancel'; jobId: string }
  | { subcommand: 'audit'; target: string | undefined; count: number };

export function parseJobs(args: Token[]): OperationsCommandRequest {
  rejectExtra(args, 1, 'jobs');
  return { subcommand: 'jobs', target: args[0] === undefined ? undefined : parseTargetName(args[0], 'jobs') };
}

export function parseCancel(args: Token[]): OperationsCommandRequest {
  const [first] = args;
  if (first === undefined) throw new UserInputError('missing_argument', 'cancel needs a job id', 'operations.cancel.missingJob', { subcommand: 'cancel' });
  rejectExtra(args, 1, 'cancel');
  const jobId = wordOf(first);
  if (jobId === undefined || !JOB_ID.test(jobId)) {
    throw new UserInputError('invalid_argument', `invalid job id: ${describeToken(first)}`, 'operations.cancel.invalidJob', {
      argument: describeToken(first),
      subcommand: 'cancel',
    });
  }
  return { subcommand: 'cancel', jobId };
}

/** `audit [target] [n]`: a word made of digits only is the count, anything else the target. */
export function parseAudit(args: Token[]): OperationsCommandRequest {
  rejectExtra(args, 2, 'audit');
  let target: string | undefined;
  let count: number | undefined;
  for (const token of args) {
    const word = wordOf(token);
    if (word !== undefined && /^\d+$/.test(word) && count === undefined) {
      count = parseCount(word, token);
    } else if (target === undefined && count === undefined) {
      target = parseTargetName(token, 'audit');
    } else {
      rejectExtra([token], 0, 'audit');
    }
  }
  return { subcommand: 'audit', target, count: count ?? DEFAULT_AUDIT_ENTRIES };
}

function parseCount(word: string, token: Token): number {
  const count = Number.parseInt(word, 10);
  if (count < 1 || count > MAX_AUDIT_ENTRIES) {
    throw new UserInputError('invalid_argument', `audit count out of range: ${describeToken(token)}`, 'operations.audit.invalidCount', {
      argument: word,
      max: MAX_AUDIT_ENTRIES,
      subcommand: 'audit',
    });
  }
  return count;
}
