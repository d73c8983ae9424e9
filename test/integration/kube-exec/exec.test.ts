import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { KubeConfig } from '@kubernetes/client-node';
import { execInPod } from '../../../src/kube/exec.js';
import { PxmysqlError } from '../../../src/errors.js';
import { FakeExecServer, STDERR, STDOUT, frame, statusFrame } from './exec-server.js';

const request = {
  namespace: 'kube-system',
  pod: 'portworx-abc12',
  container: 'portworx',
  command: ['/opt/pwx/bin/pxctl', 'volume', 'inspect', 'pvc-1; rm -rf /'],
};

const nonZeroExit = (code: number) => ({
  kind: 'Status',
  apiVersion: 'v1',
  status: 'Failure',
  message: `command terminated with non-zero exit code: exit status ${code}`,
  reason: 'NonZeroExitCode',
  details: { causes: [{ reason: 'ExitCode', message: String(code) }] },
});

async function rejectionOf(promise: Promise<unknown>): Promise<PxmysqlError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(PxmysqlError);
  return outcome as PxmysqlError;
}

describe('execInPod', () => {
  let server: FakeExecServer;
  let kubeConfig: KubeConfig;

  beforeEach(async () => {
    server = new FakeExecServer();
    kubeConfig = await server.start();
  });

  afterEach(async () => {
    await server.stop();
  });

  it('buffers output and returns exit code 0 on Success', async () => {
    server.script = (socket) => {
      socket.send(frame(STDOUT, 'hello '));
      socket.send(frame(STDERR, 'warning\n'));
      socket.send(frame(STDOUT, 'world\n'));
      socket.send(statusFrame({ kind: 'Status', status: 'Success', metadata: {} }));
    };

    const result = await execInPod(kubeConfig, request);

    expect(result).toEqual({ stdout: 'hello world\n', stderr: 'warning\n', exitCode: 0 });
  });

  it('sends the command as separate argv parameters', async () => {
    server.script = (socket) => socket.send(statusFrame({ status: 'Success' }));

    await execInPod(kubeConfig, request);

    expect(server.received).toHaveLength(1);
    expect(server.received[0]?.command).toEqual(request.command);
    expect(server.received[0]?.container).toBe('portworx');
    expect(server.received[0]?.pod).toBe('portworx-abc12');
    expect(server.received[0]?.namespace).toBe('kube-system');
  });

  it('returns the exit code of NonZeroExitCode', async () => {
    server.script = (socket) => {
      socket.send(frame(STDERR, 'Cannot locate volume with id pvc-1\n'));
      socket.send(statusFrame(nonZeroExit(3)));
    };

    const result = await execInPod(kubeConfig, request);

    expect(result.exitCode).toBe(3);
    expect(result.stderr).toBe('Cannot locate volume with id pvc-1\n');
    expect(result.stdout).toBe('');
  });

  it('works with the v5 subprotocol and its close frames', async () => {
    server.protocol = 'v5.channel.k8s.io';
    server.script = (socket) => {
      socket.send(frame(STDOUT, 'done\n'));
      socket.send(Buffer.from([255, STDOUT]));
      socket.send(statusFrame({ status: 'Success' }));
    };

    const result = await execInPod(kubeConfig, request);

    expect(server.received[0]?.protocol).toBe('v5.channel.k8s.io');
    expect(result).toEqual({ stdout: 'done\n', stderr: '', exitCode: 0 });
  });

  it('decodes UTF-8 split across frames', async () => {
    const bytes = Buffer.from('größe\n', 'utf8');
    server.script = (socket) => {
      socket.send(frame(STDOUT, bytes.subarray(0, 3)));
      socket.send(frame(STDOUT, bytes.subarray(3)));
      socket.send(statusFrame({ status: 'Success' }));
    };

    const result = await execInPod(kubeConfig, request);

    expect(result.stdout).toBe('größe\n');
  });

  it('reports unknown when the socket closes without a status', async () => {
    server.script = (socket) => {
      socket.send(frame(STDOUT, 'partial'));
      socket.close();
    };

    const result = await execInPod(kubeConfig, request);

    expect(result).toEqual({ stdout: 'partial', stderr: '', exitCode: 'unknown' });
  });

  it('throws the message of any other Failure', async () => {
    server.script = (socket) => {
      socket.send(
        statusFrame({
          status: 'Failure',
          reason: 'InternalError',
          message: 'container portworx is not valid for pod portworx-abc12',
        }),
      );
    };

    const error = await rejectionOf(execInPod(kubeConfig, request));

    expect(error.code).toBe('exec_failed');
    expect(error.message).toContain('container portworx is not valid for pod portworx-abc12');
    expect(error.message).toContain('kube-system/portworx-abc12');
  });

  it('throws on a status frame that is not JSON', async () => {
    server.script = (socket) => socket.send(frame(3, '{not json'));

    const error = await rejectionOf(execInPod(kubeConfig, request));

    expect(error.code).toBe('exec_failed');
    expect(error.message).toContain('malformed exec frame');
  });

  it('times out, closes the socket and names pod and command', async () => {
    server.script = () => undefined;

    const error = await rejectionOf(execInPod(kubeConfig, { ...request, timeoutMs: 300 }));

    expect(error.code).toBe('exec_timeout');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('kube-system/portworx-abc12');
    expect(error.message).toContain('/opt/pwx/bin/pxctl volume inspect');
    await expect.poll(() => server.closedSockets.length).toBe(1);
  });

  it('rejects when the upgrade is refused', async () => {
    const error = await rejectionOf(execInPod(kubeConfig, { ...request, pod: 'missing-pod' }));

    expect(error.code).toBe('exec_connect_failed');
    expect(error.message).toContain('kube-system/missing-pod');
  });

  it('rejects an empty command without connecting', async () => {
    const error = await rejectionOf(execInPod(kubeConfig, { ...request, command: [] }));

    expect(error.code).toBe('exec_invalid');
    expect(server.received).toHaveLength(0);
  });
});
