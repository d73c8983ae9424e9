import { Writable } from 'node:stream';
import { createRootLogger, type Logger } from '../../src/logging.js';

/** A root logger whose lines are kept in memory as parsed JSON, for assertions on log fields. */
export function captureLogger(level = 'debug'): { logger: Logger; lines: Array<Record<string, unknown>>; text: () => string } {
  const lines: Array<Record<string, unknown>> = [];
  const raw: string[] = [];
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString().split('\n')) {
        if (line.trim() === '') continue;
        raw.push(line);
        lines.push(JSON.parse(line) as Record<string, unknown>);
      }
      callback();
    },
  });
  return { logger: createRootLogger({ level, destination }), lines, text: () => raw.join('\n') };
}
