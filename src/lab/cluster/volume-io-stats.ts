import { readFile } from 'node:fs/promises';
import type { LabRuntime } from '../runtime/lab-runtime.js';
import { measureVolume } from '../storage/volume-data.js';

interface IoCounters {
  reads: number;
  writes: number;
  bytesRead: number;
  bytesWritten: number;
}

const ZERO: IoCounters = { reads: 0, writes: 0, bytesRead: 0, bytesWritten: 0 };

/**
 * Keeps the I/O figures that `pxctl volume inspect` shows in step with the real servers. "Bytes
 * used" is the size of the volume's files. Reads and writes are the I/O counters in /proc/PID/io of
 * the mariadbd processes that used the volume, summed over their lifetimes.
 *
 * NOTE: "Reads" and "Writes" count the server's read and write system calls (`syscr`, `syscw`),
 * which include its client sockets; "Bytes Read" and "Bytes Written" are block-layer bytes
 * (`read_bytes`, `write_bytes`). The lab has no per-operation latency, so the MS fields stay 0.
 */
export class VolumeIoStats {
  /** Counters of processes that have exited, per volume. */
  private readonly finished = new Map<string, IoCounters>();
  /** Last counters read for each live process. */
  private readonly live = new Map<number, { volumeId: string; counters: IoCounters }>();

  constructor(
    private readonly runtime: LabRuntime,
    private readonly servers: () => Array<{ volumeId: string; pid: number }>,
  ) {}

  /** Reads the counters and sizes now and writes them into the Portworx volumes' stats. */
  async refresh(): Promise<void> {
    const current = new Map<number, string>(this.servers().map((server) => [server.pid, server.volumeId]));
    for (const [pid, entry] of this.live) {
      if (!current.has(pid)) {
        this.finished.set(entry.volumeId, add(this.finished.get(entry.volumeId) ?? ZERO, entry.counters));
        this.live.delete(pid);
      }
    }
    for (const [pid, volumeId] of current) {
      const counters = await readProcessIo(pid);
      if (counters) this.live.set(pid, { volumeId, counters });
    }

    for (const volume of this.runtime.portworx.volumes.values()) {
      let total = this.finished.get(volume.id) ?? ZERO;
      for (const entry of this.live.values()) if (entry.volumeId === volume.id) total = add(total, entry.counters);
      Object.assign(volume.stats, total);
      if (!volume.snapshot) await measureVolume(this.runtime, volume.id);
    }
  }
}

async function readProcessIo(pid: number): Promise<IoCounters | undefined> {
  let text: string;
  try {
    text = await readFile(`/proc/${pid}/io`, 'utf8');
  } catch {
    return undefined;
  }
  const field = (name: string) => Number(/^(\S+): (\d+)$/m.exec(text.split('\n').find((line) => line.startsWith(`${name}:`)) ?? '')?.[2] ?? 0);
  return { reads: field('syscr'), writes: field('syscw'), bytesRead: field('read_bytes'), bytesWritten: field('write_bytes') };
}

function add(a: IoCounters, b: IoCounters): IoCounters {
  return { reads: a.reads + b.reads, writes: a.writes + b.writes, bytesRead: a.bytesRead + b.bytesRead, bytesWritten: a.bytesWritten + b.bytesWritten };
}
