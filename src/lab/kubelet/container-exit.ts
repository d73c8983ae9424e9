import type { MariadbExit } from '../processes/mariadb-server.js';
import { writeMysqlPodStatus, type KubeletContext } from './kubelet-context.js';
import { exitCodeOf, type PodRecord } from './pod-record.js';

/** A server that ran this long before it exited starts the back-off from the beginning again. */
const STABLE_RUN_MS = 60_000;

export interface ContainerExit {
  /** The process exit, or the exit code of a start that failed before a process ran for long. */
  exit?: MariadbExit;
  exitCode?: number;
  startedAt: Date;
  reason: 'Error' | 'Completed';
}

/**
 * Records an unexpected end of the MySQL container: a crash, or a start that failed. The
 * terminated state becomes `lastState` and `restartCount` goes up. The container then waits in
 * `CrashLoopBackOff` for the back-off, which doubles per crash, and a `BackOff` Warning event is
 * written as a kubelet writes it.
 */
export function recordContainerExit(context: KubeletContext, record: PodRecord, ended: ContainerExit): void {
  const now = context.runtime.now();
  const exitCode = ended.exit ? exitCodeOf(ended.exit) : (ended.exitCode ?? 1);
  record.lastTerminated = {
    exitCode,
    reason: ended.reason,
    startedAt: ended.startedAt,
    finishedAt: now,
    containerId: record.containerId ?? '',
  };
  record.restartCount += 1;
  record.startedAt = undefined;

  const ranLong = now.getTime() - ended.startedAt.getTime() >= STABLE_RUN_MS;
  record.consecutiveFailures = ranLong ? 1 : record.consecutiveFailures + 1;
  const { restartBackoffMs, maxRestartBackoffMs } = context.options;
  const backoffMs = Math.min(restartBackoffMs * 2 ** (record.consecutiveFailures - 1), maxRestartBackoffMs);
  record.retryAt = Date.now() + backoffMs;

  const podRef = `${record.name}_${record.namespace}(${record.uid})`;
  record.waiting = {
    reason: 'CrashLoopBackOff',
    message: `back-off ${formatBackoff(backoffMs)} restarting failed container=${record.containerName} pod=${podRef}`,
  };
  context.logger.warn(
    { pod: record.name, namespace: record.namespace, node: record.nodeName, exitCode, restartCount: record.restartCount, backoffMs },
    'MySQL container exited; restarting after the back-off',
  );
  context.events.warning(record, 'BackOff', `Back-off restarting failed container ${record.containerName} in pod ${podRef}`);
  writeMysqlPodStatus(context, record);
  setTimeout(() => context.trigger(), backoffMs).unref();
}

/** Formats a back-off as Go's time.Duration does for whole values: `500ms`, `1s`, `1m20s`. */
function formatBackoff(ms: number): string {
  if (ms < 1_000) return `${ms}ms`;
  const seconds = Math.round(ms / 1_000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${seconds % 60}s`;
}
