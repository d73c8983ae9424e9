import { readFile } from 'node:fs/promises';
import type { Logger } from '../../logging.js';
import type { VolumeFreezer } from '../runtime/lab-runtime.js';
import type { PodRecord } from './pod-record.js';

const STOP_WAIT_MS = 2_000;
const POLL_MS = 2;

/**
 * Builds the lab's stand-in for fsfreeze: SIGSTOP to every mariadbd whose data directory is the
 * volume, waiting until the kernel reports each one stopped (state `T` in /proc/PID/stat), so a
 * copy taken meanwhile is one point in time. The returned thaw sends SIGCONT. A volume without a
 * running server needs no freeze, and a process that exits meanwhile is skipped.
 */
export function createVolumeFreezer(records: () => Iterable<PodRecord>, logger: Logger): VolumeFreezer {
  return async (volumeId) => {
    const pids: number[] = [];
    for (const record of records()) {
      if (record.volumeId !== volumeId) continue;
      for (const server of record.liveProcesses) pids.push(server.pid);
    }

    const frozen: number[] = [];
    for (const pid of pids) {
      if (!sendSignal(pid, 'SIGSTOP')) continue;
      frozen.push(pid);
      await waitUntilStopped(pid);
    }
    if (frozen.length > 0) logger.debug({ volumeId, pids: frozen }, 'volume frozen');

    return async () => {
      for (const pid of frozen) sendSignal(pid, 'SIGCONT');
      if (frozen.length > 0) logger.debug({ volumeId, pids: frozen }, 'volume thawed');
    };
  };
}

/** Sends a signal; returns false when the process no longer exists. */
function sendSignal(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(pid, signal);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ESRCH') return false;
    throw error;
  }
}

/** Returns the one-letter state from /proc/PID/stat (`R`, `S`, `T`, …), or undefined once the process is gone. */
export async function processState(pid: number): Promise<string | undefined> {
  let stat: string;
  try {
    stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  } catch {
    return undefined;
  }
  // The command name in brackets may contain spaces, so the state is the field after the last ')'.
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
}

async function waitUntilStopped(pid: number): Promise<void> {
  const deadline = Date.now() + STOP_WAIT_MS;
  while (Date.now() < deadline) {
    const state = await processState(pid);
    if (state === undefined || state === 'T' || state === 'Z') return;
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}
