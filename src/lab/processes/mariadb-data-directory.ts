import { execFile } from 'node:child_process';
import { rmSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildInstallDbArguments } from './mariadb-arguments.js';
import { requireBinary } from './require-binary.js';

const execFileAsync = promisify(execFile);

let templateDirectory: Promise<string> | undefined;

/**
 * Initialises an empty (or missing) data directory as `mariadb-install-db` does: system tables,
 * and root@localhost, root@127.0.0.1, root@::1 and root@<hostname> with no password.
 *
 * Running `mariadb-install-db` takes about 0.5 s, so the first call in a process runs it once into
 * a template directory under the system temp folder and every call copies that template (about
 * 35 ms for the 26 MiB). The template is never started, so every copy is a cleanly shut down,
 * identical data directory. It is removed when the process exits normally, and templates left
 * behind by processes that were killed are removed when the next template is made.
 *
 * Throws when `dir` already contains files, because copying over a data directory would corrupt it.
 */
export async function initDataDirectory(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const entries = await readdir(dir);
  if (entries.length > 0) {
    throw new Error(`cannot initialise the data directory ${dir}: it is not empty (contains ${entries.slice(0, 5).join(', ')})`);
  }

  templateDirectory ??= createTemplate();
  let template: string;
  try {
    template = await templateDirectory;
  } catch (error) {
    // Let the next call try again, for example after the missing package was installed.
    templateDirectory = undefined;
    throw error;
  }
  await cp(template, dir, { recursive: true });
}

const TEMPLATE_PREFIX = 'pxmysql-mariadb-template-';

async function createTemplate(): Promise<string> {
  const installDb = requireBinary('mariadb-install-db', 'mariadb-server');
  await removeOrphanedTemplates();
  const parent = await mkdtemp(join(tmpdir(), `${TEMPLATE_PREFIX}${process.pid}-`));
  process.once('exit', () => rmSync(parent, { recursive: true, force: true }));

  const dataDir = join(parent, 'data');
  const tmpDir = join(parent, 'tmp');
  await mkdir(tmpDir, { recursive: true });
  try {
    await runInstallDb(installDb, dataDir, tmpDir);
  } catch (error) {
    // NOTE: a bootstrap failed once under heavy parallel load, and its log showed no reason. One
    // retry on a clean folder keeps such a failure from failing a whole lab or test run.
    await rm(dataDir, { recursive: true, force: true });
    await runInstallDb(installDb, dataDir, tmpDir).catch((retryError: unknown) => Promise.reject(new AggregateError([error, retryError], (retryError as Error).message)));
  }
  return dataDir;
}

async function runInstallDb(installDb: string, dataDir: string, tmpDir: string): Promise<void> {
  try {
    await execFileAsync(installDb, buildInstallDbArguments(dataDir, tmpDir), { maxBuffer: 4 * 1024 * 1024 });
  } catch (error) {
    const failure = error as { stdout?: string; stderr?: string; message: string };
    const output = `${failure.stdout ?? ''}\n${failure.stderr ?? ''}`.trim().split('\n').slice(-20).join('\n');
    throw new Error(`mariadb-install-db failed for ${dataDir}: ${failure.message}\n${output}`, { cause: error });
  }
}

/** Removes the templates of processes that no longer run. Each folder name contains its owner's pid. */
async function removeOrphanedTemplates(): Promise<void> {
  const pattern = new RegExp(`^${TEMPLATE_PREFIX}(\\d+)-`);
  for (const entry of await readdir(tmpdir())) {
    const owner = pattern.exec(entry)?.[1];
    if (owner !== undefined && !isProcessRunning(Number(owner))) {
      await rm(join(tmpdir(), entry), { recursive: true, force: true });
    }
  }
}

function isProcessRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
