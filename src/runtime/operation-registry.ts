import { compensateFailover } from '../../jobs/failover/compensate-failover.js';
import type { FailoverJobContext } from '../../jobs/failover/failover-context.js';
import { runFailover } from '../../jobs/failover/run-failover.js';
import { runStatus } from '../../jobs/status.js';
import { runDrop } from '../../jobs/drop/run-drop.js';
import { runExpand } from '../../jobs/expand/run-expand.js';
import { runPromote, runRestore } from '../../jobs/restore/run-restore.js';
import { runSnapshot } from '../../jobs/snapshot/run-snapshot.js';
import { runIncident } from '../../jobs/incident/run-incident.js';
import { runScheduledSnapshot } from '../../jobs/scheduled-snapshot/run-scheduled-snapshot.js';
import { scheduledSnapshotNotice } from '../../jobs/scheduled-snapshot/scheduled-snapshot-notice.js';
import type { ScheduledSnapshotJobData } from '../../jobs/scheduled-snapshot/scheduled-snapshot-data.js';
import type { OutgoingMessage } from '../slack/blocks/types.js';
import type { JobState } from '../slack/thread-types.js';
import { compensateDrillJob, runRestoreDrill } from '../../jobs/drill/run-drill.js';
import type { JobData, Operation } from '../queue/job-data.js';
import type { JobContext, OperationHandler } from './job-context.js';
import type { ApprovalDependencies } from '../../commands/request-approval.js';
import { requestPromotionAfterRestore } from '../../jobs/restore/request-promotion.js';

/** Worker settings of one operation: its handler, whether it locks the target, its compensation. */
export interface OperationDefinition {
  run: OperationHandler;
  /** True for operations that change the target: they hold the target lock and are audited. */
  changesTarget: boolean;
  /** True for operations that leave the target alone but are still audited at start and end. Operations that change the target are always audited. */
  audited?: boolean;
  /** Undoes what the failed job did and posts in the thread the state the cluster is left in. */
  compensate?: (context: JobContext, error: unknown) => Promise<void>;
  /** Builds the job's parent message in place of the standard one, e.g. to post one short notice per scheduled run. */
  parentMessage?: (data: JobData, state: JobState) => OutgoingMessage;
  /** Runs after the job succeeded and released the target lock, e.g. to request a follow-up approval. */
  followUp?: (context: JobContext, deps: ApprovalDependencies) => Promise<void>;
}

export const OPERATIONS: Record<Operation, OperationDefinition> = {
  status: { run: runStatus as OperationHandler, changesTarget: false },
  // An incident only reads the target and posts to Slack, so it takes no target lock.
  incident: { run: runIncident as unknown as OperationHandler, changesTarget: false, audited: true },
  snapshot: { run: runSnapshot as unknown as OperationHandler, changesTarget: true },
  expand: { run: runExpand as unknown as OperationHandler, changesTarget: true },
  restore: { run: runRestore as unknown as OperationHandler, changesTarget: true, followUp: requestPromotionAfterRestore },
  drop: { run: runDrop as unknown as OperationHandler, changesTarget: true },
  promote: { run: runPromote as unknown as OperationHandler, changesTarget: true },
  // A restore drill works on its own scratch PVC and Deployment, so it takes no target lock and never blocks a failover.
  'restore-drill': { run: runRestoreDrill as unknown as OperationHandler, changesTarget: false, audited: true, compensate: compensateDrillJob },
  'scheduled-snapshot': {
    run: runScheduledSnapshot as unknown as OperationHandler,
    changesTarget: true,
    parentMessage: (data, state) => scheduledSnapshotNotice(data as ScheduledSnapshotJobData, state),
  },
  failover: {
    run: runFailover as unknown as OperationHandler,
    changesTarget: true,
    compensate: async (context, error) => {
      const failoverContext = context as unknown as FailoverJobContext;
      await compensateFailover(failoverContext, failoverContext.job.data.failover, error);
    },
  },
};

/** Returns whether jobs of this operation write `job-start` and `job-end` audit entries. */
export function isAudited(definition: OperationDefinition): boolean {
  return definition.changesTarget || definition.audited === true;
}

export function operationOf(data: JobData): OperationDefinition {
  return OPERATIONS[data.operation];
}
