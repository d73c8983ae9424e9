import type { Locale } from '../src/config/app-config.js';
import type { TargetConfig } from '../src/config/targets-schema.js';
import type { Logger } from '../src/logging.js';
import { readSnapshotRecord } from '../jobs/snapshot/take-snapshot.js';
import { userText } from '../src/slack/user-text.js';
import { defaultSafetySnapshotName, dropPlanMessage, validateDropDatabase } from './drop.js';
import { expandJob, expandPlanMessage, readExpandFacts } from './expand.js';
import { parseSize } from './parse-size.js';
import type { StorageCommandRequest } from './parse-storage-commands.js';
import { infoReply, type CommandReply } from './reply.js';
import { requestApproval } from './request-approval.js';
import { defaultRestoreName, restorePlanMessage, validateRestoreName } from './restore.js';
import type { CommandDependencies, SlashCommandInput } from './router.js';
import { snapshotJob } from './snapshot.js';
import { snapshotsReply } from './snapshots.js';
import { promotePlanMessage } from './promote.js';
import { UserInputError } from '../src/errors.js';

/**
 * Runs the snapshot, snapshots, expand, restore, promote and drop commands once the target is
 * resolved and access is granted. `snapshots` replies at once. `snapshot` enqueues a job, and so
 * does `expand` unless the target requires an approval. `restore`, `promote` and `drop` ask for an
 * approval first.
 */
export async function dispatchStorageCommand(
  deps: CommandDependencies,
  input: SlashCommandInput,
  request: StorageCommandRequest,
  target: TargetConfig,
  locale: Locale,
  log: Logger,
): Promise<CommandReply | undefined> {
  const requester = { target, userId: input.userId, channelId: input.channelId, triggerId: input.triggerId, locale };

  switch (request.subcommand) {
    case 'snapshots':
      return await snapshotsReply(deps, target, locale);

    case 'snapshot': {
      const words = request.words.length === 2 || (request.words[0] !== undefined && request.words[0] === target.name) ? request.words.slice(1) : request.words;
      const job = snapshotJob({ ...requester, name: words[0] });
      const result = await deps.producer.enqueue(job);
      log.info({ jobId: result.jobId, target: target.name, snapshot: job.snapshotName }, 'enqueued snapshot job');
      return undefined;
    }

    case 'expand': {
      const size = parseSize(request.size);
      const notice = size.normalizedFrom === undefined ? undefined : userText(locale, 'expand.normalized', { given: size.normalizedFrom, size: size.quantity });
      if (target.expand.requireApproval) {
        const { reply } = await requestApproval(deps, input, locale, log, {
          operation: 'expand',
          target,
          params: { size: size.quantity },
          buildPlan: async () => expandPlanMessage(locale, target, size.quantity, await readExpandFacts(deps.clusters.kubeConfig(target.name), target), { requestedBy: input.userId }),
        });
        return reply ?? (notice === undefined ? undefined : infoReply(notice));
      }
      const result = await deps.producer.enqueue(expandJob({ ...requester, size: size.quantity }));
      log.info({ jobId: result.jobId, target: target.name, size: size.quantity }, 'enqueued expand job');
      return notice === undefined ? undefined : infoReply(notice);
    }

    case 'restore': {
      const restoreName = request.restoreName ?? defaultRestoreName(request.snapshot);
      validateRestoreName(restoreName);
      const { reply } = await requestApproval(deps, input, locale, log, {
        operation: 'restore',
        target,
        params: { snapshotName: request.snapshot, restoreName, promote: request.promote },
        buildPlan: async () => {
          const record = await readSnapshotRecord(deps.clusters.kubeConfig(target.name), target.namespace, request.snapshot);
          if (record === undefined) {
            throw new UserInputError('snapshot_not_found', `snapshot ${request.snapshot} not found`, 'restore.snapshotNotFound', { snapshot: request.snapshot, target: target.name });
          }
          return restorePlanMessage(locale, target, record, restoreName, request.promote, { requestedBy: input.userId });
        },
      });
      return reply;
    }

    case 'promote': {
      const restoreName = validateRestoreName(request.restoreName);
      const { reply } = await requestApproval(deps, input, locale, log, {
        operation: 'promote',
        target,
        params: { restoreName },
        buildPlan: async () => promotePlanMessage(locale, target, restoreName, input.userId),
      });
      return reply;
    }

    case 'drop': {
      validateDropDatabase(request.database);
      const safetySnapshotName = defaultSafetySnapshotName(request.database, new Date());
      const { reply } = await requestApproval(deps, input, locale, log, {
        operation: 'drop',
        target,
        params: { database: request.database, safetySnapshotName },
        buildPlan: async () => dropPlanMessage(locale, target, request.database, safetySnapshotName, { requestedBy: input.userId }),
      });
      return reply;
    }
  }
}
