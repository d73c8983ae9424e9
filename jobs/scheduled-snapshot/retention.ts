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
 * Chooses which scheduled snapshots to delete: all but the newest `keep`, ready or not, except
 * that the newest ready snapshot is always kept. So when later runs fail, the last good snapshot
 * survives and the schedule has at most `keep + 1` snapshots.
 */
export function planRetention(candidates: readonly RetentionCandidate[], keep: number): RetentionPlan {
  if (!Number.isInteger(keep) || keep < 1) throw new Error(`keep must be a positive integer, got ${keep}`);
  const newestFirst = [...candidates].sort((left, right) => right.createdAtMs - left.createdAtMs || right.name.localeCompare(left.name));
  const newestReady = newestFirst.find((candidate) => candidate.ready);

  const kept: RetentionCandidate[] = [];
  const deleted: RetentionCandidate[] = [];
  newestFirst.forEach((candidate, index) => {
    if (index < keep || candidate === newestReady) kept.push(candidate);
    else deleted.push(candidate);
  });
  return { kept, deleted };
}
