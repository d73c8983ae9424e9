import { Writable } from 'node:stream';
import { AppsV1Api, CoreV1Api, Exec, PatchStrategy, Watch, setHeaderOptions, type V1Status } from '@kubernetes/client-node';
import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { labKubeConfig } from '../../../src/lab/kubeconfig.js';
import { startTestLab, type TestLab } from './lab-test-support.js';

const NODE_NVXM = 'gke-gke-px-default-pool-177a3f0b-nvxm';

interface ExecOutcome {
  stdout: string;
  stderr: string;
  status: V1Status;
}

/** Runs a command with client-node's Exec and resolves when the status channel reports. */
async function execInPod(lab: TestLab, namespace: string, pod: string, command: string[]): Promise<ExecOutcome> {
  let stdout = '';
  let stderr = '';
  const sink = (append: (text: string) => void): Writable =>
    new Writable({
      write(chunk: Buffer, _encoding, callback) {
        append(chunk.toString('utf8'));
        callback();
      },
    });
  return await new Promise((resolve, reject) => {
    const exec = new Exec(labKubeConfig(lab.cluster.url));
    exec
      .exec(namespace, pod, 'portworx', command, sink((text) => (stdout += text)), sink((text) => (stderr += text)), null, false, (status) => {
        resolve({ stdout, stderr, status });
      })
      .catch(reject);
  });
}

describe('client-node against the lab apiserver', () => {
  let lab: TestLab;
  let core: CoreV1Api;
  let apps: AppsV1Api;
  beforeAll(async () => {
    lab = await startTestLab();
    const config = labKubeConfig(lab.cluster.url);
    core = config.makeApiClient(CoreV1Api);
    apps = config.makeApiClient(AppsV1Api);
  });
  afterAll(async () => {
    await lab.stop();
  });

  it('lists pods with a label selector', async () => {
    const list = await core.listNamespacedPod({ namespace: 'kube-system', labelSelector: 'name=portworx' });
    expect(list.items.map((pod) => pod.metadata?.name)).toEqual(['portworx-g8sq5', 'portworx-gnjpx', 'portworx-tbrc6']);
    expect(list.metadata?.resourceVersion).toBe(lab.cluster.store.resourceVersion);
  });

  it('reads a node, the PVC and the Deployment', async () => {
    const node = await core.readNode({ name: NODE_NVXM });
    expect(node.status?.nodeInfo?.kubeletVersion).toBe('v1.33.5-gke.1201000');
    expect(node.metadata?.labels?.['topology.kubernetes.io/zone']).toBe('asia-south1-a');

    const claim = await core.readNamespacedPersistentVolumeClaim({ name: 'px-mysql-pvc', namespace: 'default' });
    expect(claim.status?.phase).toBe('Bound');
    expect(claim.spec?.storageClassName).toBe('px-ha-sc');

    const deployment = await apps.readNamespacedDeployment({ name: 'mysql', namespace: 'default' });
    expect(deployment.spec?.template.spec?.schedulerName).toBe('stork');
    expect(deployment.spec?.replicas).toBe(1);
  });

  it('merge-patches a node', async () => {
    const patched = await core.patchNode(
      { name: NODE_NVXM, body: { metadata: { labels: { 'pxmysql.io/test': 'yes' } } } },
      setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
    );
    expect(patched.metadata?.labels?.['pxmysql.io/test']).toBe('yes');
    expect(patched.metadata?.labels?.['px/enabled']).toBe('true');
  });

  it('execs pxctl and reads stdout and Success', async () => {
    const outcome = await execInPod(lab, 'kube-system', 'portworx-gnjpx', ['/opt/pwx/bin/pxctl', 'volume', 'list']);
    const volumeName = [...lab.cluster.portworx.volumes.values()][0]?.name ?? '';
    expect(outcome.status.status).toBe('Success');
    expect(outcome.stdout).toContain(volumeName);
  });

  it('exec reports a non-zero exit code in the status', async () => {
    const outcome = await execInPod(lab, 'kube-system', 'portworx-gnjpx', ['no-such-tool']);
    expect(outcome.status.status).toBe('Failure');
    expect(outcome.status.reason).toBe('NonZeroExitCode');
    expect(outcome.status.details?.causes?.[0]).toEqual({ reason: 'ExitCode', message: '127' });
    expect(outcome.stderr).toBe('sh: 1: no-such-tool: command not found\n');
  });

  it('watches pods and sees a modification', async () => {
    const events: string[] = [];
    const start = lab.cluster.store.resourceVersion;
    const watch = new Watch(labKubeConfig(lab.cluster.url));
    let controller: AbortController | undefined;
    const seen = new Promise<void>((resolve, reject) => {
      watch
        .watch(
          '/api/v1/namespaces/kube-system/pods',
          { resourceVersion: start, allowWatchBookmarks: true, fieldSelector: 'metadata.name=portworx-tbrc6' },
          (phase, object) => {
            if (phase !== 'BOOKMARK') events.push(`${phase} ${object.metadata?.name}`);
            if (phase === 'MODIFIED') resolve();
          },
          (error) => (error ? reject(error) : undefined),
        )
        .then((abort) => {
          controller = abort;
          const pod = lab.cluster.store.get('pods', 'kube-system', 'portworx-tbrc6');
          lab.cluster.store.update('pods', { ...pod, metadata: { ...pod.metadata, labels: { ...pod.metadata.labels, touched: 'yes' } } });
          const other = lab.cluster.store.get('pods', 'kube-system', 'portworx-g8sq5');
          lab.cluster.store.update('pods', { ...other, metadata: { ...other.metadata, labels: { ...other.metadata.labels, touched: 'yes' } } });
        }, reject);
    });
    await seen;
    controller?.abort();
    expect(events).toEqual(['MODIFIED portworx-tbrc6']);
  });
});
