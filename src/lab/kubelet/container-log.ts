import { appendFile, mkdir, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Returns the files of a MySQL container's log in the pod's run folder. mariadbd appends its
 * error log to `error.log` (`--log-error`), and the kubelet adds the entrypoint's notes there.
 * A restart moves the log of the run before to `previous.log`, for `kubectl logs --previous`.
 */
export function containerLogPaths(runDirectory: string): { current: string; previous: string } {
  return { current: join(runDirectory, 'error.log'), previous: join(runDirectory, 'previous.log') };
}

/** Moves the current log to `previous.log`, replacing the older one, before a restart. */
export async function rotateContainerLog(runDirectory: string): Promise<void> {
  const paths = containerLogPaths(runDirectory);
  await rm(paths.previous, { force: true });
  await rename(paths.current, paths.previous).catch((error: NodeJS.ErrnoException) => {
    if (error.code !== 'ENOENT') throw error;
  });
}

/** Appends entrypoint lines in the image's format: `2024-05-01 12:00:00+00:00 [Note] [Entrypoint]: …`. */
export async function appendEntrypointLines(runDirectory: string, lines: Array<{ level: 'Note' | 'Warn' | 'ERROR'; text: string }>, now: Date): Promise<void> {
  if (lines.length === 0) return;
  await mkdir(runDirectory, { recursive: true });
  const time = `${now.toISOString().slice(0, 19).replace('T', ' ')}+00:00`;
  const text = lines.map((line) => `${time} [${line.level}] [Entrypoint]: ${line.text}\n`).join('');
  await appendFile(containerLogPaths(runDirectory).current, text);
}

/**
 * Reads the current or previous log, keeping the last `tailLines` lines when given. Returns
 * undefined when the file does not exist.
 */
export async function readContainerLog(runDirectory: string, previous: boolean, tailLines: number | undefined): Promise<string | undefined> {
  const paths = containerLogPaths(runDirectory);
  let text: string;
  try {
    text = await readFile(previous ? paths.previous : paths.current, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  if (tailLines === undefined || tailLines < 0) return text;
  if (tailLines === 0) return '';
  const lines = text.endsWith('\n') ? text.slice(0, -1).split('\n') : text.split('\n');
  return `${lines.slice(-tailLines).join('\n')}\n`;
}
