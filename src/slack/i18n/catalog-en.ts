/**
 * English message catalog. Templates are trusted mrkdwn; `{name}` placeholders are filled by
 * `translate`, and callers escape untrusted values before passing them (see `userText`). Keep `&`,
 * `<` and `>` out of templates, because Slack reads them as mrkdwn control characters.
 *
 * Help and usage list only the subcommands that exist. A later subcommand (failover, snapshot,
 * restore, expand, drop) adds its `usage.*` key here and in every other catalog when it ships.
 */
export const catalogEn = {
  'help.intro':
    '*/pxmysql* operates highly available MySQL targets on GKE with Portworx and reports each job in a thread. Subcommands:',
  'usage.help': '`/pxmysql help [subcommand]`: list all subcommands, or show the usage of one.',
  'usage.status':
    '`/pxmysql status [target]`: show the Deployment, pod, node, PVC and Portworx volume of a target. Without a target, the default target is used.',

  'error.unknownSubcommand': 'Unknown subcommand `{subcommand}`. Run `/pxmysql help` to list the subcommands.',
  'error.unexpectedArgument': 'Unexpected argument `{argument}`: `{subcommand}` takes no more arguments.',
  'error.invalidTarget':
    'Invalid target name `{argument}`. A target name contains lowercase letters, digits and "-", and starts and ends with a letter or digit.',
  'error.unclosedQuote': 'The command has an unclosed quote. Close it, or remove it.',
  'error.unknownTarget': 'Unknown target `{target}`. Known targets: {targets}.',
  'error.noDefaultTarget': 'No target given, and no default target is configured. Name one of: {targets}.',
  'error.access.no_role': 'You have no pxmysql role, and this needs `{required}`. Ask a pxmysql admin for access.',
  'error.access.role_too_low': 'This needs the `{required}` role, and your role is `{role}`. Ask a pxmysql admin for access.',
  'error.access.channel_not_allowed':
    'Target {target} cannot be operated from this channel. Use one of the channels configured for it, or ask a pxmysql admin.',
  'error.queueUnavailable':
    "The job queue (Redis) is unreachable, so nothing was started. Try again in a minute, or check the bot's Redis.",
  'error.internal': 'pxmysql failed with an internal error (error id `{errorId}`). Give this id to the bot operators; the logs have the details.',

  'job.state.queued': 'queued',
  'job.state.running': 'running',
  'job.state.succeeded': 'succeeded',
  'job.state.failed': 'failed',
  'job.failedBecause': ':x: The job failed: {reason}',
  'job.parent': '`{operation}` on `{target}` requested by {user}: {state}',

  'status.title': 'Status of `{target}`',
  'status.deployment': 'Deployment',
  'status.readyReplicas': 'Ready replicas',
  'status.pod': 'Pod',
  'status.podPhase': 'Phase',
  'status.podReady': 'Ready',
  'status.restarts': 'Restarts',
  'status.node': 'Node',
  'status.nodeReady': 'Node Ready',
  'status.cordoned': 'Cordoned',
  'status.pvc': 'PVC',
  'status.size': 'Size',
  'status.storageClass': 'StorageClass',
  'status.pvcPhase': 'Phase',
  'status.volume': 'Portworx volume',
  'status.haLevel': 'HA level',
  'status.replicaNodes': 'Replica nodes',
  'status.attachedOn': 'Attached on',
  'status.replicationStatus': 'Replication status',
  'status.inspectHeading': '`pxctl volume inspect` output',
  'status.noPod': 'No pod found for Deployment `{deployment}`.',
  'status.podNotScheduled': 'Pod `{pod}` is not scheduled on a node yet.',
  'status.volumeNotBound': 'PVC `{pvc}` is not bound to a volume yet.',
  'status.noPortworxPod': 'No running portworx pod found, so the Portworx volume could not be inspected.',

  'output.empty': '(no output)',
  'common.yes': 'yes',
  'common.no': 'no',
  'common.unknown': 'unknown',
} as const;

/** Key of a message in every catalog. */
export type MessageKey = keyof typeof catalogEn;
