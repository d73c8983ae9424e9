import { access, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mysql from 'mysql2/promise';
import { initDataDirectory } from '../processes/mariadb-data-directory.js';
import { startSocketOnlyMariadb } from '../processes/mariadb-server.js';
import { applyImageSettings } from './apply-image-settings.js';
import { resolveImageSettings } from './image-environment.js';

export interface PrepareDataDirectoryOptions {
  dataDir: string;
  /** The container's environment with every `valueFrom` already resolved. */
  env: Readonly<Record<string, string | undefined>>;
}

export interface PrepareDataDirectoryResult {
  /** False when the directory already held a database and was left alone. */
  initialised: boolean;
  /** The password that MYSQL_RANDOM_ROOT_PASSWORD chose; the image prints it to the container log. */
  generatedRootPassword?: string;
  /** The entrypoint's warnings, for the container log. */
  warnings: string[];
}

/**
 * Does what the official `mysql` and `mariadb` images' entrypoint does before it starts the server.
 * When `dataDir` has no `mysql` folder, it initialises the directory, starts a temporary server
 * reachable only on a private Unix socket (`--skip-networking`), sets the root password, creates
 * the database and user from `env`, and stops that server. When the `mysql` folder exists, it
 * changes nothing and reads no variables, as the images do.
 *
 * Throws ImageEnvironmentError when no root password option is set. When a later step fails, the
 * files it created are removed, so the next call starts again from an empty directory.
 * NOTE: scripts in /docker-entrypoint-initdb.d and the time zone tables are not part of this.
 */
export async function prepareDataDirectory(options: PrepareDataDirectoryOptions): Promise<PrepareDataDirectoryResult> {
  if (await pathExists(join(options.dataDir, 'mysql'))) return { initialised: false, warnings: [] };

  const settings = resolveImageSettings(options.env);
  await initDataDirectory(options.dataDir);

  const runDir = await mkdtemp(join(tmpdir(), 'pxmysql-init-'));
  try {
    const server = await startSocketOnlyMariadb({ dataDir: options.dataDir, runDir });
    try {
      const connection = await mysql.createConnection({ socketPath: server.socketPath, user: 'root', password: '' });
      try {
        await applyImageSettings(connection, settings);
      } finally {
        await connection.end();
      }
    } finally {
      await server.stop();
    }
  } catch (error) {
    await emptyDirectory(options.dataDir);
    throw error;
  } finally {
    await rm(runDir, { recursive: true, force: true });
  }

  return {
    initialised: true,
    ...(settings.generatedRootPassword === undefined ? {} : { generatedRootPassword: settings.generatedRootPassword }),
    warnings: settings.warnings,
  };
}

async function pathExists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

async function emptyDirectory(directory: string): Promise<void> {
  for (const entry of await readdir(directory)) {
    await rm(join(directory, entry), { recursive: true, force: true });
  }
}
