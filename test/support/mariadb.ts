import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { findFreePort } from '../../src/lab/processes/free-port.js';
import { initDataDirectory, startMariadb, type MariadbProcess } from '../../src/lab/processes/mariadb-server.js';

export interface TestMariadb {
  host: string;
  port: number;
  user: 'root';
  /** Empty: a directory fresh from `initDataDirectory` has root without a password. */
  password: string;
  dataDir: string;
  runDir: string;
  /** The running server. After `restart()` this is the new process. */
  server: MariadbProcess;
  /** Opens a connection as root, optionally to `database`. The caller closes it. */
  connect(database?: string): Promise<mysql.Connection>;
  /** Stops the server with SIGTERM (or SIGKILL when `crash` is true) and starts it again on the same port. */
  restart(options?: { crash?: boolean }): Promise<void>;
  /** Stops the server and removes its temporary folder. */
  stop(): Promise<void>;
}

/**
 * Starts a private mariadbd for a test file: a temporary folder, a free port on 127.0.0.1 and a new
 * data directory. A missing binary fails the test with the Debian package to install.
 */
export async function startTestMariadb(): Promise<TestMariadb> {
  const root = await mkdtemp(join(tmpdir(), 'pxmysql-test-mariadb-'));
  const dataDir = join(root, 'data');
  const runDir = join(root, 'run');
  const host = '127.0.0.1';

  let server: MariadbProcess;
  try {
    await initDataDirectory(dataDir);
    server = await startMariadb({ dataDir, runDir, host, port: await findFreePort(host) });
  } catch (error) {
    await rm(root, { recursive: true, force: true });
    throw error;
  }

  const handle: TestMariadb = {
    host,
    port: server.port,
    user: 'root',
    password: '',
    dataDir,
    runDir,
    server,
    connect: async (database) =>
      await mysql.createConnection({ host, port: handle.port, user: 'root', password: '', ...(database ? { database } : {}) }),
    restart: async (options = {}) => {
      if (options.crash) await handle.server.kill();
      else await handle.server.stop();
      handle.server = await startMariadb({ dataDir, runDir, host, port: handle.port });
    },
    stop: async () => {
      await handle.server.stop();
      await rm(root, { recursive: true, force: true });
    },
  };
  return handle;
}
