import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { App } from '@slack/bolt';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLabState } from '../../../src/lab/launcher/lab-state.js';
import type { LabSlack } from '../../../src/lab/slack/server.js';
import { buildProduct } from '../../support/worker-process.js';
import { startLabWithBot } from './tiny-bot.js';

const REPOSITORY_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

interface ShellResult {
  /** Exit code of `node bin/pxmysql.js`, the first command of the pipeline. */
  pxmysqlCode: number;
  stdout: string;
  stderr: string;
}

/**
 * The built `pxmysql` executable, run in a shell pipeline against a lab Slack that this test starts.
 * The lab state file names this test process as the lab, so `readLabState` finds it alive.
 */
describe('pxmysql lab commands in a shell pipeline', () => {
  let lab: LabSlack;
  let app: App;
  let stop: () => Promise<void>;
  let directory: string;

  beforeAll(async () => {
    await buildProduct();
    ({ lab, app, stop } = await startLabWithBot('socket', { ackTimeoutMs: 1000 }));
    directory = await mkdtemp(join(tmpdir(), 'pxmysql-lab-cli-'));
    await writeLabState(directory, {
      version: 1,
      pid: process.pid,
      startedAt: new Date().toISOString(),
      kubeApiUrl: 'http://127.0.0.1:1',
      kubeconfigPath: join(directory, 'kubeconfig'),
      targetsFile: join(directory, 'targets.yaml'),
      redisUrl: 'redis://127.0.0.1:1',
      logFile: join(directory, 'lab.log'),
      controlUrl: 'http://127.0.0.1:1/',
      slack: { apiUrl: lab.apiUrl, controlUrl: lab.controlUrl, delivery: 'socket' },
    });
  }, 240_000);
  afterAll(async () => {
    await stop();
    await rm(directory, { recursive: true, force: true });
  });

  /** Runs `node bin/pxmysql.js ARGS` with PXMYSQL_LAB_DIR set to `labDirectory`. */
  async function runPxmysql(args: string[], labDirectory: string): Promise<{ code: number | null; stderr: string }> {
    const child = spawn(process.execPath, ['bin/pxmysql.js', ...args], {
      cwd: REPOSITORY_ROOT,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', PXMYSQL_LAB_DIR: labDirectory },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const [code] = (await once(child, 'close')) as [number | null];
    return { code, stderr };
  }

  /** Runs `node bin/pxmysql.js ARGS | head -n 1` in bash and reports the exit code of pxmysql. */
  function pipeIntoHead(args: string[]): { exited: Promise<ShellResult>; isRunning: () => boolean } {
    const quoted = args.map((arg) => `'${arg.replaceAll("'", "'\\''")}'`).join(' ');
    const script = `node bin/pxmysql.js ${quoted} | head -n 1; echo "pxmysql exit code \${PIPESTATUS[0]}" >&2`;
    const child = spawn('bash', ['-c', script], {
      cwd: REPOSITORY_ROOT,
      env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp', PXMYSQL_LAB_DIR: directory },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let running = true;
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<ShellResult>((resolve) => {
      child.once('close', () => {
        running = false;
        const match = /pxmysql exit code (\d+)/.exec(stderr);
        resolve({ pxmysqlCode: match ? Number(match[1]) : -1, stdout, stderr });
      });
    });
    return { exited, isRunning: () => running };
  }

  it('lab messages --follow ends quietly after head exits', async () => {
    const run = pipeIntoHead(['lab', 'messages', '--follow']);
    // Each post makes pxmysql write. The first line satisfies head, and a later write meets the closed pipe.
    for (let attempt = 0; attempt < 200 && run.isRunning(); attempt += 1) {
      await app.client.chat.postMessage({ channel: 'ops', text: `health check ${attempt}` });
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    const result = await run.exited;

    expect(result.stdout).toMatch(/^\[message \d+\.\d+\]\n$/);
    expect(result.stderr).not.toContain('EPIPE');
    expect(result.stderr).not.toContain('Error');
    expect(result.pxmysqlCode).toBe(0);
  });

  it('lab send ends quietly after head exits', async () => {
    const result = await pipeIntoHead(['lab', 'send', '--as', 'oncall', '--timeout', '20', '/pxmysql status']).exited;

    expect(result.stdout).toMatch(/^\[message \d+\.\d+\] \(job job-1, failover orders-db: queued\)\n$/);
    expect(result.stderr).not.toContain('EPIPE');
    expect(result.stderr).not.toContain('Error');
    expect(result.pxmysqlCode).toBe(0);
  });

  it('lab messages without a lab exits 1', async () => {
    const empty = await mkdtemp(join(tmpdir(), 'pxmysql-no-lab-'));
    const result = await runPxmysql(['lab', 'messages'], empty);
    await rm(empty, { recursive: true, force: true });

    expect(result.stderr).toContain('no running lab found');
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.code).toBe(1);
  });

  it('lab messages rejects an unknown option', async () => {
    const result = await runPxmysql(['lab', 'messages', '--bogus'], directory);

    expect(result.stderr).toContain("Unknown option '--bogus'");
    expect(result.stderr).not.toMatch(/^\s+at /m);
    expect(result.code).toBe(2);
  });
});
