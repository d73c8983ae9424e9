import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { appendEntrypointLines, readContainerLog, rotateContainerLog } from '../../../src/lab/kubelet/container-log.js';

describe('container log files', () => {
  let directory: string;

  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), 'pxmysql-container-log-'));
  });

  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it('tail keeps the last lines', async () => {
    await writeFile(join(directory, 'error.log'), 'one\ntwo\nthree\n');
    expect(await readContainerLog(directory, false, 2)).toBe('two\nthree\n');
    expect(await readContainerLog(directory, false, 0)).toBe('');
    expect(await readContainerLog(directory, false, undefined)).toBe('one\ntwo\nthree\n');
  });

  it('missing log is undefined', async () => {
    expect(await readContainerLog(directory, true, undefined)).toBeUndefined();
  });

  it('rotation moves the log to previous', async () => {
    await appendEntrypointLines(directory, [{ level: 'Note', text: 'first run' }], new Date('2025-03-01T10:00:00Z'));
    await rotateContainerLog(directory);
    expect(await readContainerLog(directory, false, undefined)).toBeUndefined();
    expect(await readContainerLog(directory, true, undefined)).toBe('2025-03-01 10:00:00+00:00 [Note] [Entrypoint]: first run\n');
  });
});
