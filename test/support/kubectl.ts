import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { requireBinary } from '../../src/lab/processes/require-binary.js';

export interface KubectlResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs the machine's real kubectl against a kubeconfig, with a private discovery cache per instance. */
export class Kubectl {
  private constructor(
    private readonly binary: string,
    private readonly kubeconfig: string,
    private readonly cacheDir: string,
  ) {}

  static async create(kubeconfig: string): Promise<Kubectl> {
    const binary = requireBinary('kubectl', 'kubernetes-client (or the Google Cloud SDK kubectl)');
    return new Kubectl(binary, kubeconfig, await mkdtemp(join(tmpdir(), 'pxmysql-kubectl-cache-')));
  }

  run(args: string[], options: { stdin?: string; timeoutMs?: number } = {}): Promise<KubectlResult> {
    return new Promise((resolve) => {
      const child = execFile(
        this.binary,
        ['--kubeconfig', this.kubeconfig, '--cache-dir', this.cacheDir, ...args],
        { timeout: options.timeoutMs ?? 60_000, maxBuffer: 16 * 1024 * 1024 },
        (error, stdout, stderr) => {
          let code = 0;
          if (error !== null) code = typeof error.code === 'number' ? error.code : 1;
          resolve({ code, stdout: stdout.toString(), stderr: stderr.toString() });
        },
      );
      if (options.stdin !== undefined) child.stdin?.end(options.stdin);
      else child.stdin?.end();
    });
  }

  /** Runs kubectl and throws with its stderr unless it exits 0. */
  async ok(args: string[], options: { stdin?: string; timeoutMs?: number } = {}): Promise<string> {
    const result = await this.run(args, options);
    if (result.code !== 0) throw new Error(`kubectl ${args.join(' ')} exited ${result.code}: ${result.stderr || result.stdout}`);
    return result.stdout;
  }

  /** Re-runs a kubectl command until `accept` returns true for its output, or throws at the deadline. */
  async waitFor(args: string[], accept: (stdout: string) => boolean, what: string, timeoutMs = 60_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      const result = await this.run(args);
      last = result.stdout + result.stderr;
      if (result.code === 0 && accept(result.stdout)) return result.stdout;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}; last output of kubectl ${args.join(' ')}:\n${last}`);
  }

  async close(): Promise<void> {
    await rm(this.cacheDir, { recursive: true, force: true });
  }
}
