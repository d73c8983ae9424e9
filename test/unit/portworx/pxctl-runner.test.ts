import { describe, expect, it } from 'vitest';
import type { CoreV1Api, V1Node, V1Pod } from '@kubernetes/client-node';
import { PxmysqlError } from '../../../src/errors.js';
import type { ExecRequest, ExecResult } from '../../../src/kube/exec.js';
import { runPxctl } from '../../../src/lab/portworx/pxctl.js';
import {
  PXCTL_PATH,
  findPortworxPod,
  inspectVolume,
  runPxctlInPod,
  type PodExecutor,
  type PortworxPod,
} from '../../../src/portworx/pxctl-runner.js';
import { ATTACHED_NODE, SAMPLE_INSPECT_TEXT, buildSampleCluster } from '../lab-portworx/sample-cluster.js';

const pod: PortworxPod = { namespace: 'kube-system', name: 'portworx-b7x2k', nodeName: 'node-b', container: 'portworx' };

function portworxPod(name: string, nodeName: string, changes: { phase?: string; ready?: boolean; deleting?: boolean } = {}): V1Pod {
  return {
    metadata: { name, namespace: 'kube-system', ...(changes.deleting ? { deletionTimestamp: new Date() } : {}) },
    spec: { nodeName, containers: [{ name: 'csi-node-driver-registrar' }, { name: 'portworx' }] },
    status: {
      phase: changes.phase ?? 'Running',
      conditions: [{ type: 'Ready', status: changes.ready === false ? 'False' : 'True' }],
    },
  };
}

function node(name: string, changes: { ready?: boolean; unschedulable?: boolean } = {}): V1Node {
  return {
    metadata: { name },
    spec: { unschedulable: changes.unschedulable ?? false },
    status: { conditions: [{ type: 'Ready', status: changes.ready === false ? 'False' : 'True' }] },
  };
}

function fakeCore(pods: V1Pod[], nodes: V1Node[], seen: unknown[] = []): Pick<CoreV1Api, 'listNamespacedPod' | 'listNode'> {
  return {
    listNamespacedPod: async (param) => {
      seen.push(param);
      return { items: pods };
    },
    listNode: async () => ({ items: nodes }),
  } as Pick<CoreV1Api, 'listNamespacedPod' | 'listNode'>;
}

/** Creates an executor that runs the lab's pxctl on the sample cluster and records every request. */
function labExecutor(requests: ExecRequest[]): PodExecutor {
  const { state } = buildSampleCluster();
  return async (request) => {
    requests.push(request);
    expect(request.command[0]).toBe(PXCTL_PATH);
    return runPxctl(request.command.slice(1), state, { nodeName: ATTACHED_NODE.name });
  };
}

async function rejectionOf(promise: Promise<unknown>): Promise<PxmysqlError> {
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(outcome).toBeInstanceOf(PxmysqlError);
  return outcome as PxmysqlError;
}

const options = { namespace: 'kube-system', labelSelector: 'name=portworx' };

describe('findPortworxPod', () => {
  it('chooses a ready pod outside avoidNodes', async () => {
    const seen: unknown[] = [];
    const core = fakeCore([portworxPod('portworx-a', 'node-a'), portworxPod('portworx-b', 'node-b')], [node('node-a'), node('node-b')], seen);

    const chosen = await findPortworxPod(core, { ...options, avoidNodes: ['node-a'] });

    expect(chosen).toEqual({ namespace: 'kube-system', name: 'portworx-b', nodeName: 'node-b', container: 'portworx' });
    expect(seen).toEqual([{ namespace: 'kube-system', labelSelector: 'name=portworx' }]);
  });

  it('skips unready, pending, deleting pods and bad nodes', async () => {
    const core = fakeCore(
      [
        portworxPod('portworx-a', 'node-a', { ready: false }),
        portworxPod('portworx-b', 'node-b', { phase: 'Pending' }),
        portworxPod('portworx-c', 'node-c', { deleting: true }),
        portworxPod('portworx-d', 'node-d'),
        portworxPod('portworx-e', 'node-e'),
        portworxPod('portworx-f', 'node-f'),
      ],
      [node('node-a'), node('node-b'), node('node-c'), node('node-d', { ready: false }), node('node-e', { unschedulable: true }), node('node-f')],
    );

    expect((await findPortworxPod(core, options)).name).toBe('portworx-f');
  });

  it('falls back to an avoided node when nothing else fits', async () => {
    const core = fakeCore([portworxPod('portworx-a', 'node-a')], [node('node-a')]);

    expect((await findPortworxPod(core, { ...options, avoidNodes: ['node-a'] })).nodeName).toBe('node-a');
  });

  it('throws a retryable error when no pod fits', async () => {
    const core = fakeCore([portworxPod('portworx-a', 'node-a', { ready: false })], [node('node-a')]);

    const error = await rejectionOf(findPortworxPod(core, options));

    expect(error.code).toBe('portworx_pod_not_found');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('1 pods matched the selector');
  });
});

describe('runPxctlInPod', () => {
  it('passes the arguments as an argv array', async () => {
    const requests: ExecRequest[] = [];
    const executor: PodExecutor = async (request) => {
      requests.push(request);
      return { stdout: 'ok\n', stderr: '', exitCode: 0 };
    };

    const result = await runPxctlInPod(executor, pod, ['volume', 'inspect', 'a b;c'], { timeoutMs: 5000 });

    expect(result.stdout).toBe('ok\n');
    expect(requests).toEqual([
      {
        namespace: 'kube-system',
        pod: 'portworx-b7x2k',
        container: 'portworx',
        command: [PXCTL_PATH, 'volume', 'inspect', 'a b;c'],
        timeoutMs: 5000,
      },
    ]);
  });
});

describe('inspectVolume', () => {
  it('merges JSON and text into one summary', async () => {
    const requests: ExecRequest[] = [];

    const { summary, text } = await inspectVolume(labExecutor(requests), pod, 'pvc-ebe875f5-99e8-11e8-9de8-42010aa00fdd');

    expect(text).toBe(SAMPLE_INSPECT_TEXT);
    expect(requests.map((request) => request.command.slice(1))).toEqual([
      ['volume', 'inspect', '-j', 'pvc-ebe875f5-99e8-11e8-9de8-42010aa00fdd'],
      ['volume', 'inspect', 'pvc-ebe875f5-99e8-11e8-9de8-42010aa00fdd'],
    ]);
    expect(summary.id).toBe('549063659345266352');
    expect(summary.sizeBytes).toBe(1024 ** 3);
    expect(summary.attachedNode).toBe(ATTACHED_NODE.name);
    expect(summary.replicaNodes).toEqual(['10.240.0.4', '10.240.0.2', '10.240.0.3']);
    expect(summary.replicationStatus).toBe('Up');
    expect(summary.labels).toEqual({ namespace: 'default', pvc: 'px-mysql-pvc' });
  });

  it.each(['-rf', 'pvc 1', 'pvc;reboot', '', 'a'.repeat(254)])('rejects the name %j before exec', async (name) => {
    const requests: ExecRequest[] = [];

    const error = await rejectionOf(inspectVolume(labExecutor(requests), pod, name));

    expect(error.code).toBe('volume_name_invalid');
    expect(requests).toHaveLength(0);
  });

  it('reports a non-zero exit with stderr', async () => {
    const error = await rejectionOf(inspectVolume(labExecutor([]), pod, 'pvc-missing'));

    expect(error.code).toBe('pxctl_failed');
    expect(error.retryable).toBe(false);
    expect(error.message).toContain('exited with code 1: Cannot locate volume with name pvc-missing');
    expect(error.message).toContain('kube-system/portworx-b7x2k');
  });

  it('reports an unknown exit status as retryable', async () => {
    const executor: PodExecutor = async (): Promise<ExecResult> => ({ stdout: '', stderr: '', exitCode: 'unknown' });

    const error = await rejectionOf(inspectVolume(executor, pod, 'pvc-1'));

    expect(error.code).toBe('pxctl_failed');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('without an exit status');
  });

  it('rejects outputs that name different volumes', async () => {
    const { state } = buildSampleCluster();
    const executor: PodExecutor = async (request) => {
      const result = runPxctl(request.command.slice(1), state, { nodeName: ATTACHED_NODE.name });
      return request.command.includes('-j') ? result : { ...result, stdout: result.stdout.replace(/549063659345266352/g, '1') };
    };

    const error = await rejectionOf(inspectVolume(executor, pod, '549063659345266352'));

    expect(error.code).toBe('pxctl_output_invalid');
    expect(error.message).toContain('JSON names volume 549063659345266352 but text names 1');
  });
});
