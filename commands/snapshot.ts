import type { SnapshotJobData } from '../jobs/snapshot/snapshot-data.js';
import { defaultSnapshotName, isSnapshotName } from '../jobs/snapshot/snapshot-names.js';
import type { Locale } from '../src/config/app-config.js';
import type { TargetConfig } from '../src/config/targets-schema.js';
import { UserInputError } from '../src/errors.js';

/**
 * Builds the job data of a `snapshot` command. Without a name, the snapshot is named
 * `<pvc>-<yyyymmdd>-<hhmmss>` in UTC at the time of the command. Throws a UserInputError with
 * `snapshot.invalidName` for a name that is not a valid Kubernetes object name.
 */
export function snapshotJob(input: {
  target: TargetConfig;
  userId: string;
  channelId: string;
  triggerId: string;
  locale: Locale;
  name: string | undefined;
  now?: Date;
}): SnapshotJobData {
  const snapshotName = input.name ?? defaultSnapshotName(input.target.pvc, input.now ?? new Date());
  if (!isSnapshotName(snapshotName)) {
    throw new UserInputError('snapshot_name_invalid', `invalid snapshot name ${JSON.stringify(snapshotName)}`, 'snapshot.invalidName', { name: snapshotName });
  }
  return {
    operation: 'snapshot',
    target: input.target.name,
    requestedBy: input.userId,
    channel: input.channelId,
    triggerId: input.triggerId,
    locale: input.locale,
    snapshotName,
  };
}
