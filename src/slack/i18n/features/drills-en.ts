/** English messages of the drills feature; spread into the English catalog. */
export const drillsEn = {
  'usage.drill':
    "`/pxmysql drill [target]`: restore the newest ready snapshot into a scratch PVC and Deployment, run `CHECK TABLE` on every table and compare the data with the snapshot's fingerprint, report the recovery point age and the time to restore, then delete the scratch objects. The target itself is not touched.",
  'drill.snapshot.picked': 'Restore drill of snapshot {snapshot} ({api}), taken {age} ago, into scratch Deployment {deployment}.',
  'drill.report.passed': ':white_check_mark: Restore drill of {target} passed: snapshot {snapshot} restores, and its data is sound.',
  'drill.report.failed': ':x: Restore drill of {target} failed: the data restored from snapshot {snapshot} has problems.',
  'drill.report.recoveryPoint': 'Recovery point age: {age} (snapshot {snapshot}).',
  'drill.report.timeToRestore': 'Time to restore: {duration}, from the start of the clone until MySQL in the scratch pod accepted connections.',
  'drill.report.tablesChecked': '`CHECK TABLE` passed on {passed} of {count} table(s).',
  'drill.report.checkFailed': '`CHECK TABLE` failed on {count} table(s): {tables}',
  'drill.report.fingerprintMatch': 'Fingerprint: all {count} table(s) match the fingerprint recorded on the snapshot.',
  'drill.report.fingerprintDiffers': 'Fingerprint: {count} table(s) differ from the fingerprint recorded on the snapshot: {tables}. {matching} table(s) match.',
  'drill.report.noFingerprint': ':warning: Fingerprint: the snapshot has no recorded fingerprint, so the data was not compared.',
  'drill.teardown.done': 'Deleted the scratch objects of the drill: {objects}. No drill object is left in namespace {namespace}.',
  'drill.compensation.done': 'The drill failed, so its scratch objects were deleted: {objects}. No drill object is left in namespace {namespace}.',
  'drill.compensation.failed':
    ':warning: Deleting the scratch objects of the failed drill failed: {reason}. Still present: {objects}. Delete the objects labelled {selector} and their PVC by hand.',
  'drill.failed.noSnapshot':
    'PVC `{pvc}` of target `{target}` has no ready snapshot ({count} snapshot(s) found, none ready), so there is nothing to restore. Take one with `/pxmysql snapshot {target}`.',
  'drill.failed.dataCheck':
    'The restore drill of `{target}` found problems: `CHECK TABLE` failed on {failedChecks} table(s), and {differing} table(s) differ from the snapshot fingerprint. The report above names them.',
  'drill.failed.teardownTimeout': 'Drill objects were still present {seconds} s after their deletion: {objects}. Check the objects labelled `{selector}`.',
} as const;
