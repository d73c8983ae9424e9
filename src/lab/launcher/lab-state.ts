import { readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';

/** Contents of a running lab's `lab.json`, which `pxmysql lab send` and people read to find its parts. */
export interface LabState {
  version: 1;
  pid: number;
  startedAt: string;
  kubeApiUrl: string;
  kubeconfigPath: string;
  targetsFile: string;
  redisUrl: string;
  logFile: string;
  /** Base URL of the lab control API (node down/up, reset). */
  controlUrl: string;
  slack: { apiUrl: string; controlUrl: string; delivery: 'socket' | 'http' };
}

/** Directory of the lab's files: `PXMYSQL_LAB_DIR`, else `.pxmysql-lab` in the current directory. */
export function labDirectory(env: Record<string, string | undefined> = process.env): string {
  return resolve(env.PXMYSQL_LAB_DIR ?? '.pxmysql-lab');
}

export function labStatePath(directory: string): string {
  return join(directory, 'lab.json');
}

export async function writeLabState(directory: string, state: LabState): Promise<void> {
  await writeFile(labStatePath(directory), `${JSON.stringify(state, null, 2)}\n`);
}

export async function removeLabState(directory: string): Promise<void> {
  await rm(labStatePath(directory), { force: true });
}

/** Reads the state of the running lab, or throws an error telling how to start one. */
export async function readLabState(directory: string): Promise<LabState> {
  const path = labStatePath(directory);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new Error(`no running lab found (${path} is missing): start one with \`npx pxmysql lab\` in this directory, or set PXMYSQL_LAB_DIR`);
  }
  const state = JSON.parse(text) as LabState;
  if (!isAlive(state.pid)) {
    throw new Error(`the lab recorded in ${path} (pid ${state.pid}) is no longer running: start it again with \`npx pxmysql lab\``);
  }
  return state;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
