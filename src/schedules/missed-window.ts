import { parseCron } from './cron-schedule.js';

/** Upper bound of run times counted per check, so a schedule dormant for years costs a bounded loop. */
const MAX_COUNTED_RUNS = 10_000;

/** A schedule that went at least two planned runs without a successful one. */
export interface MissedWindow {
  /** 1 for the first two missed runs, 2 for the next two, and so on; one alert per window. */
  window: number;
  /** Planned runs after `since` whose time plus the grace has passed. */
  missedRuns: number;
}

/**
 * Returns the missed window of a schedule whose last success (or creation) was at `since`, or
 * undefined while fewer than two planned runs, each given `graceMs` to finish, have passed without
 * a success. All times are epoch milliseconds.
 */
export function findMissedWindow(input: { cron: string; timezone: string; since: number; now: number; graceMs: number }): MissedWindow | undefined {
  const deadline = input.now - input.graceMs;
  if (deadline <= input.since) return undefined;
  const expression = parseCron(input.cron, input.timezone, new Date(input.since));
  let missedRuns = 0;
  while (missedRuns < MAX_COUNTED_RUNS && expression.hasNext()) {
    if (expression.next().getTime() > deadline) break;
    missedRuns += 1;
  }
  const window = Math.floor(missedRuns / 2);
  return window >= 1 ? { window, missedRuns } : undefined;
}
