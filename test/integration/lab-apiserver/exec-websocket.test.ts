import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import WebSocket from 'ws';
import { startSmallLab, type SmallLab } from './http-support.js';

interface ExecResult {
  frames: Map<number, string>;
  protocol: string;
}

async function runExec(url: string, protocols: string[], input?: string): Promise<ExecResult> {
  return await new Promise((resolve, reject) => {
    const socket = new WebSocket(url, protocols);
    const frames = new Map<number, string>();
    socket.on('open', () => {
      if (input !== undefined) {
        socket.send(Buffer.concat([Buffer.from([0]), Buffer.from(input)]));
        socket.send(Buffer.from([255, 0]));
      }
    });
    socket.on('message', (data: Buffer) => {
      const channel = data[0] as number;
      frames.set(channel, (frames.get(channel) ?? '') + data.subarray(1).toString('utf8'));
    });
    socket.on('close', () => resolve({ frames, protocol: socket.protocol }));
    socket.on('unexpected-response', (_request, response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => reject(Object.assign(new Error(`HTTP ${response.statusCode}`), { statusCode: response.statusCode, body })));
    });
    socket.on('error', (error) => reject(error));
  });
}

describe('lab apiserver exec over WebSocket', () => {
  let lab: SmallLab;
  let base: string;
  beforeAll(async () => {
    lab = await startSmallLab({
      execHandler: async (request, streams) => {
        let input = '';
        for await (const chunk of streams.stdin ?? []) input += chunk.toString();
        streams.stdout(`ran ${request.command.join(' ')} in ${request.container ?? 'default'}${input ? ` with ${input}` : ''}\n`);
        streams.stderr('warning\n');
        return { exitCode: request.command[0] === 'fail' ? 2 : 0 };
      },
    });
    lab.store.create('pods', {
      metadata: { name: 'running', namespace: 'default' },
      spec: { nodeName: 'n1', containers: [{ name: 'main', image: 'busybox:1' }] },
      status: { phase: 'Running' },
    });
    lab.store.create('pods', { metadata: { name: 'pending', namespace: 'default' }, spec: { containers: [{ name: 'main', image: 'busybox:1' }] } });
    base = lab.server.url.replace('http://', 'ws://');
  });
  afterAll(async () => {
    await lab.server.close();
  });

  it('streams stdout, stderr and a Success status on v5', async () => {
    const result = await runExec(`${base}/api/v1/namespaces/default/pods/running/exec?command=echo&command=hi&container=main&stdout=true&stderr=true`, ['v5.channel.k8s.io', 'v4.channel.k8s.io']);
    expect(result.protocol).toBe('v5.channel.k8s.io');
    expect(result.frames.get(1)).toBe('ran echo hi in main\n');
    expect(result.frames.get(2)).toBe('warning\n');
    expect(JSON.parse(result.frames.get(3) ?? '')).toEqual({ metadata: {}, status: 'Success' });
  });

  it('reports a non-zero exit code on v4', async () => {
    const result = await runExec(`${base}/api/v1/namespaces/default/pods/running/exec?command=fail&stdout=true&stderr=true`, ['v4.channel.k8s.io']);
    const status = JSON.parse(result.frames.get(3) ?? '');
    expect(status.status).toBe('Failure');
    expect(status.reason).toBe('NonZeroExitCode');
    expect(status.details.causes).toEqual([{ reason: 'ExitCode', message: '2' }]);
  });

  it('passes stdin until the v5 close signal', async () => {
    const result = await runExec(`${base}/api/v1/namespaces/default/pods/running/exec?command=cat&stdin=true&stdout=true`, ['v5.channel.k8s.io'], 'data');
    expect(result.frames.get(1)).toBe('ran cat in default with data\n');
  });

  it('answers 404 for a missing pod before the upgrade', async () => {
    const failure = await runExec(`${base}/api/v1/namespaces/default/pods/missing/exec?command=ls&stdout=true`, ['v5.channel.k8s.io']).catch((error) => error);
    expect(failure.statusCode).toBe(404);
    expect(JSON.parse(failure.body)).toMatchObject({ kind: 'Status', reason: 'NotFound', message: 'pods "missing" not found' });
  });

  it('answers 400 for a pod that is not Running', async () => {
    const failure = await runExec(`${base}/api/v1/namespaces/default/pods/pending/exec?command=ls&stdout=true`, ['v5.channel.k8s.io']).catch((error) => error);
    expect(failure.statusCode).toBe(400);
    expect(JSON.parse(failure.body)).toMatchObject({ kind: 'Status', reason: 'BadRequest', code: 400 });
  });
});
