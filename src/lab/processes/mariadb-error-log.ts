import { readFile } from 'node:fs/promises';

/**
 * Reads the last `maxLines` lines of a server's error log, for error messages. Returns a note
 * instead when the file is missing or unreadable, so it never hides the original failure.
 */
export async function readLogTail(path: string, maxLines = 20): Promise<string> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    return `(no error log at ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)})`;
  }
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  if (lines.length === 0) return `(error log ${path} is empty)`;
  return lines.slice(-maxLines).join('\n');
}
