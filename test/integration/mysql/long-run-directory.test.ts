import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findFreePort } from '../../../src/lab/processes/free-port.js';
import { initDataDirectory } from '../../../src/lab/processes/mariadb-data-directory.js';
import { prepareSocketPath, startMariadb } from '../../../src/lab/processes/mariadb-server.js';

describe('mariadbd in a deep run directory', () => {
  it('moves the socket to a short path and starts', { timeout: 60_000 }, async () => {
    const root = await mkdtemp(join(tmpdir(), 'pxmysql-deep-'));
    const runDir = join(root, 'a-rather-long-folder-name-for-a-lab-checkout', 'cluster', 'pods', '0f5c3c9e-63a4-4b9e-9d41-1d2f4e5a6b7c');
    const dataDir = join(root, 'data');
    try {
      expect(Buffer.byteLength(join(runDir, 'mariadbd.sock'))).toBeGreaterThan(107);
      const socketPath = await prepareSocketPath(runDir);
      expect(Buffer.byteLength(socketPath)).toBeLessThanOrEqual(107);
      expect(await prepareSocketPath(runDir)).toBe(socketPath);

      await initDataDirectory(dataDir);
      const server = await startMariadb({ dataDir, runDir, host: '127.0.0.1', port: await findFreePort(), rootPassword: '' });
      expect(server.socketPath).toBe(socketPath);
      await server.stop();
      // The folder is removed right after the process exits; poll briefly instead of guessing a delay.
      for (let attempt = 0; attempt < 100 && existsSync(dirname(socketPath)); attempt += 1) await new Promise((resolve) => setTimeout(resolve, 20));
      expect(existsSync(dirname(socketPath))).toBe(false);
    } finally {
      await rm(root, { recursive: true, force: true });
    }
  });
});
