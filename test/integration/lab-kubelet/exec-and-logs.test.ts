import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ExecHandler } from '../../../src/lab/apiserver/exec.js';
import type { KubeObject } from '../../../src/lab/apiserver/kube-object.js';
import { startLabApiServer, type LabApiServer } from '../../../src/lab/apiserver/server.js';
import { createExecRouter } from '../../../src/lab/cluster/exec-router.js';
import { MYSQL_NODE_NAME } from '../../../src/lab/cluster/lab-topology.js';
import { writeLabKubeconfig } from '../../../src/lab/kubeconfig.js';
import { Kubectl } from '../../support/kubectl.js';
import { startKubeletHarness, waitForReadyMysqlPod, type KubeletHarness, TEST_POD_SUBNET } from './kubelet-harness.js';

interface ExecOutput {
  exitCode: number;
  stdout: string;
  stderr: string;
}

/** Calls an exec handler as the apiserver does, with optional stdin text. */
async function runExec(handler: ExecHandler, pod: KubeObject, command: string[], stdinText?: string): Promise<ExecOutput> {
  let stdout = '';
  let stderr = '';
  const stdin =
    stdinText === undefined
      ? undefined
      : (async function* () {
          yield Buffer.from(stdinText);
        })();
  const streams = { stdout: (chunk: string | Buffer) => void (stdout += chunk.toString()), stderr: (chunk: string | Buffer) => void (stderr += chunk.toString()), stdin };
  const request = { namespace: String(pod.metadata.namespace), pod, container: undefined, command, stdin: stdin !== undefined, tty: false };
  const { exitCode } = await handler(request, streams, new AbortController().signal);
  return { exitCode, stdout, stderr };
}

describe('kubelet exec and logs', () => {
  let harness: KubeletHarness;
  let pod: KubeObject;
  let exec: ExecHandler;

  beforeAll(async () => {
    harness = await startKubeletHarness(`${TEST_POD_SUBNET}.108`);
    pod = await waitForReadyMysqlPod(harness);
    exec = createExecRouter({ portworx: harness.runtime.portworx, fallback: harness.kubelet.execHandler });
  });

  afterAll(async () => {
    await harness?.stop();
  });

  it('mysql -e returns output and exit 0', async () => {
    const result = await runExec(exec, pod, ['mysql', '-uroot', '-ppassword', '-e', 'select 1']);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('1\n1\n');
  });

  it('bad password gives a non-zero code', async () => {
    const result = await runExec(exec, pod, ['/usr/bin/mysql', '-uroot', '-pwrong', '-e', 'select 1']);
    expect(result.exitCode).not.toBe(0);
    expect(result.stderr).toMatch(/Access denied for user 'root'/);
  });

  it('stdin is forwarded to the client', async () => {
    const script = 'CREATE DATABASE shop;\nCREATE TABLE shop.orders (id INT PRIMARY KEY);\nINSERT INTO shop.orders VALUES (1),(2);\nSELECT COUNT(*) AS orders FROM shop.orders;\n';
    const result = await runExec(exec, pod, ['mariadb', '-uroot', '-ppassword'], script);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe('orders\n2\n');
  });

  it('host option cannot leave the pod', async () => {
    const result = await runExec(exec, pod, ['mysql', '-h', 'localhost', '-uroot', '-ppassword', '-N', '-e', 'select @@bind_address']);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toBe(`${TEST_POD_SUBNET}.108\n`);
  });

  it('shell commands exit 126', async () => {
    const result = await runExec(exec, pod, ['sh', '-c', 'mysql -uroot -ppassword -e "select 1"']);
    expect(result.exitCode).toBe(126);
    expect(result.stderr).toMatch(/shells are not supported/);
  });

  it('hostname prints the pod name', async () => {
    const result = await runExec(exec, pod, ['hostname']);
    expect(result).toEqual({ exitCode: 0, stdout: `${pod.metadata.name}\n`, stderr: '' });
  });

  it('unknown program exits 127', async () => {
    const result = await runExec(exec, pod, ['ls', '/']);
    expect(result.exitCode).toBe(127);
  });

  it('pod logs show the error log', async () => {
    const log = await harness.kubelet.podLogs({ namespace: 'default', pod, container: 'mysql', tailLines: undefined, previous: false });
    expect(log).toMatch(/ready for connections/);
    const tail = await harness.kubelet.podLogs({ namespace: 'default', pod, container: 'mysql', tailLines: 1, previous: false });
    expect(tail.trim().split('\n')).toHaveLength(1);
  });

  describe('through kubectl', () => {
    let server: LabApiServer;
    let kubectl: Kubectl;
    let directory: string;

    beforeAll(async () => {
      server = await startLabApiServer({ host: '127.0.0.1', port: 0, store: harness.runtime.store, execHandler: exec, podLogs: harness.kubelet.podLogs });
      directory = await mkdtemp(join(tmpdir(), 'pxmysql-kubelet-kubectl-'));
      await writeLabKubeconfig(join(directory, 'kubeconfig'), server.url);
      kubectl = await Kubectl.create(join(directory, 'kubeconfig'));
    });

    afterAll(async () => {
      await kubectl?.close();
      await server?.close();
      if (directory) await rm(directory, { recursive: true, force: true });
    });

    it('kubectl exec -i runs a script', async () => {
      const result = await kubectl.run(['exec', '-i', pod.metadata.name, '--', 'mysql', '-uroot', '-ppassword'], { stdin: 'SELECT 40 + 2 AS answer;\n' });
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toBe('answer\n42\n');
    });

    it('kubectl logs prints the error log', async () => {
      const output = await kubectl.ok(['logs', pod.metadata.name]);
      expect(output).toMatch(/mariadbd: ready for connections/);
    });
  });

  it('exec on a down node fails', async () => {
    harness.runtime.nodes.setDown(MYSQL_NODE_NAME, true);
    const result = await runExec(exec, pod, ['mysql', '-uroot', '-ppassword', '-e', 'select 1']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toMatch(/^error: unable to upgrade connection: dial tcp 127\.0\.10\.4:10250/);
    await expect(harness.kubelet.podLogs({ namespace: 'default', pod, container: 'mysql', tailLines: undefined, previous: false })).rejects.toThrow(/connection refused/);
  });
});
