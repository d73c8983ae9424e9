import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startLabCluster, type LabCluster } from '../../../src/lab/cluster/start-lab-cluster.js';
import { writeLabKubeconfig } from '../../../src/lab/kubeconfig.js';
import { uniquePodSubnet } from '../../support/pod-subnet.js';

export interface TestLab {
  cluster: LabCluster;
  directory: string;
  kubeconfigPath: string;
  stop(): Promise<void>;
}

/** Starts the default lab cluster on 127.0.0.1 and writes its kubeconfig to a temporary directory. */
export async function startTestLab(): Promise<TestLab> {
  const cluster = await startLabCluster({ host: '127.0.0.1', podSubnet: uniquePodSubnet() });
  const directory = await mkdtemp(join(tmpdir(), 'pxmysql-lab-apiserver-'));
  const kubeconfigPath = join(directory, 'kubeconfig');
  await writeLabKubeconfig(kubeconfigPath, cluster.url);
  return {
    cluster,
    directory,
    kubeconfigPath,
    stop: async () => {
      await cluster.close();
      await rm(directory, { recursive: true, force: true });
    },
  };
}

export interface KubectlResult {
  stdout: string;
  stderr: string;
  exitCode: number;
}

let cacheCounter = 0;

/** Runs the machine's kubectl against the lab with its own discovery cache directory. */
export async function kubectl(lab: Pick<TestLab, 'directory' | 'kubeconfigPath'>, args: string[]): Promise<KubectlResult> {
  cacheCounter += 1;
  const cacheDir = join(lab.directory, `kubectl-cache-${cacheCounter}`);
  const env = { ...process.env, KUBECONFIG: lab.kubeconfigPath };
  return await new Promise((resolve) => {
    execFile('kubectl', ['--kubeconfig', lab.kubeconfigPath, '--cache-dir', cacheDir, ...args], { env, timeout: 20_000 }, (error, stdout, stderr) => {
      let exitCode = 0;
      if (error) exitCode = typeof error.code === 'number' ? error.code : 1;
      resolve({ stdout, stderr, exitCode });
    });
  });
}

/** Splits kubectl table output into header names and rows of cells. */
export function parseKubectlTable(output: string): { header: string[]; rows: string[][] } {
  const lines = output.trim().split('\n');
  const split = (line: string): string[] => line.trim().split(/\s{2,}/);
  return { header: split(lines[0] ?? ''), rows: lines.slice(1).map(split) };
}
