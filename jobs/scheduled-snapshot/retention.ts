/** The fields of a scheduled snapshot that retention reads. */
export interface RetentionCandidate {
  name: string;
  ready: boolean;
  /** Epoch milliseconds of creation; 0 when unknown, which sorts it as the oldest. */
  createdAtMs: number;
}

/** Snapshots that retention keeps and deletes, each list newest first. */
export interface RetentionPlan {
  kept: RetentionCandidate[];
  deleted: RetentionCandidate[];
}

/**
 * Chooses which scheduled snapshots to delete: every ready snapshot beyond the newest `keep`, and
 * every snapshot that is not ready. Runs of one schedule hold the target lock, so a snapshot that
 * is not ready when retention runs belongs to a failed run and can never be restored. The newest
 * ready snapshot is always kept, because `keep` is at least 1. Snapshots named in `inUse` (sources
 * of restores still in progress) are kept as well and do not count towards `keep`. Apart from them,
 * a schedule has at most `keep` snapshots after a run, even while runs keep failing.
 */
export function planRetention(candidates: readonly RetentionCandidate[], keep: number, inUse: ReadonlySet<string> = new Set()): RetentionPlan {
  if (!Number.isInteger(keep) || keep < 1) throw new Error(`keep must be a positive integer, got ${keep}`);
  const newestFirst = [...candidates].sort((left, right) => right.createdAtMs - left.createdAtMs || right.name.localeCompare(left.name));
  const newestReady = newestFirst.filter((candidate) => candidate.ready).slice(0, keep);
  // A snapshot that a PVC is being restored from is kept until the next run, beyond `keep` if need be.
  const kept = newestFirst.filter((candidate) => newestReady.includes(candidate) || inUse.has(candidate.name));
  const deleted = newestFirst.filter((candidate) => !kept.includes(candidate));
  return { kept, deleted };
}
