/** English messages of the operations overview (`jobs`, `cancel`, `audit`); spread into the English catalog. */
export const operationsEn = {
  'usage.jobs': '`/pxmysql jobs [target]`: list the running and waiting jobs of a target, then its recent ones, with links to their threads.',
  'usage.cancel':
    '`/pxmysql cancel JOB`: cancel a job. A waiting job is removed from the queue; a running one stops before its next step and undoes what it did.',
  'usage.audit': '`/pxmysql audit [target] [n]`: show the last n audit entries of a target (10 by default, at most 50).',

  'operations.duration.seconds': '{seconds} s',

  'operations.jobs.title': 'Jobs of {target}, running and waiting first:',
  'operations.jobs.empty': 'No running or recent jobs for {target}.',
  'operations.jobs.item': '• {state} {operation} {jobId} by {user}, {when}{link}',
  'operations.jobs.queuedAgo': 'queued {age} ago',
  'operations.jobs.startedAgo': 'started {age} ago',
  'operations.jobs.endedAgo': 'ended {age} ago after {took}',
  'operations.jobs.state.waiting': ':hourglass: *waiting*',
  'operations.jobs.state.running': ':arrows_counterclockwise: *running*',
  'operations.jobs.state.succeeded': ':white_check_mark: *succeeded*',
  'operations.jobs.state.failed': ':x: *failed*',
  'operations.jobs.state.cancelled': ':no_entry_sign: *cancelled*',

  'operations.cancel.missingJob': 'Name the job to cancel. `/pxmysql jobs` lists the job ids.',
  'operations.cancel.invalidJob': '`{argument}` is not a job id. `/pxmysql jobs` lists the job ids.',
  'operations.cancel.notFound': 'There is no job {jobId}. `/pxmysql jobs` lists the job ids; finished jobs are kept for a week.',
  'operations.cancel.finished': 'Job {jobId} has already ended: {state}. There is nothing to cancel.',
  'operations.cancel.removed': 'Job {jobId} ({operation} on {target}) had not started. It was removed from the queue.',
  'operations.cancel.requested':
    'Job {jobId} ({operation} on {target}) will stop before its next step and undo what it did. Its thread says when it has stopped.',
  'operations.cancel.removedInThread': ':no_entry_sign: {user} cancelled this job before it started.',
  'operations.cancel.stopped': 'the job was cancelled before step `{step}`.',
  'operations.cancel.stoppedWaiting': 'the job was cancelled while step `{step}` was waiting.',
  'operations.cancel.stoppedWaitingBy':
    ':no_entry_sign: {user} cancelled the job. Step `{step}` was waiting, and the job stopped there; what it changed is undone below where needed.',
  'operations.cancel.stoppedBy':
    ':no_entry_sign: {user} cancelled the job. It stopped before step `{step}`; what it changed is undone below where needed.',

  'operations.audit.title': 'Last {count} audit entries of {target}, newest first:',
  'operations.audit.empty': 'The audit log has no entries for {target}.',
  'operations.audit.item': '• {at} {type} {details}',
  'operations.audit.by': 'by {user}',
  'operations.audit.outcome': 'outcome: {outcome}',
  'operations.audit.job': 'job {jobId}',
  'operations.audit.approval': 'approval {approvalId}',
  'operations.audit.reason': 'reason: {reason}',
  'operations.audit.invalidCount': 'The number of entries must be between 1 and {max}, and `{argument}` is not.',
} as const;
