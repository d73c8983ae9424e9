import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeLabKubeconfig } from '../../../src/lab/kubeconfig.js';
import { startSmallLab, type SmallLab } from './http-support.js';
import { kubectl, type KubectlResult } from './lab-test-support.js';

const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';

const STORAGE_MANIFEST = `
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: px-db-fixed}
provisioner: pxd.portworx.com
parameters: {repl: "2"}
---
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata: {name: px-db-expandable}
provisioner: pxd.portworx.com
allowVolumeExpansion: true
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data-fixed, namespace: default}
spec:
  storageClassName: px-db-fixed
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
---
apiVersion: v1
kind: PersistentVolumeClaim
metadata: {name: data-expandable, namespace: default}
spec:
  storageClassName: px-db-expandable
  accessModes: [ReadWriteOnce]
  resources: {requests: {storage: 1Gi}}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: mysql, namespace: default}
spec:
  replicas: 0
  selector: {matchLabels: {app: mysql}}
  template:
    metadata: {labels: {app: mysql}}
    spec:
      containers: [{name: mysql, image: "mysql:8.0"}]
---
apiVersion: volumesnapshot.external-storage.k8s.io/v1
kind: VolumeSnapshot
metadata: {name: data-fixed-snap, namespace: default}
spec: {persistentVolumeClaimName: data-fixed}
`;

function configMap(extra: string): string {
  return ['apiVersion: v1', 'kind: ConfigMap', 'metadata: {name: settings, namespace: default}', extra, ''].join('\n');
}

/**
 * Runs the real kubectl with default flags (`--validate=strict`) against a bare lab apiserver on
 * 127.0.0.1 without controllers, so every object stays as kubectl wrote it.
 */
describe('kubectl manifests with default validation', () => {
  let lab: SmallLab;
  let directory: string;
  let kubeconfigPath: string;

  beforeAll(async () => {
    lab = await startSmallLab();
    directory = await mkdtemp(join(tmpdir(), 'pxmysql-kubectl-manifests-'));
    kubeconfigPath = join(directory, 'kubeconfig');
    await writeLabKubeconfig(kubeconfigPath, lab.server.url);
  });
  afterAll(async () => {
    await lab.server.close();
    await rm(directory, { recursive: true, force: true });
  });

  async function run(args: string[]): Promise<KubectlResult> {
    return await kubectl({ directory, kubeconfigPath }, args);
  }

  async function manifest(name: string, text: string): Promise<string> {
    const path = join(directory, `${name}.yaml`);
    await writeFile(path, text);
    return path;
  }

  function bindClaim(name: string): void {
    const claim = lab.store.get('persistentvolumeclaims', 'default', name);
    lab.store.updateStatus('persistentvolumeclaims', { ...claim, status: { phase: 'Bound', capacity: { storage: '1Gi' } } });
  }

  it('creates storage, workload and STORK objects', async () => {
    const result = await run(['create', '-f', await manifest('storage', STORAGE_MANIFEST)]);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    expect(result.stdout.trim().split('\n')).toEqual([
      'storageclass.storage.k8s.io/px-db-fixed created',
      'storageclass.storage.k8s.io/px-db-expandable created',
      'persistentvolumeclaim/data-fixed created',
      'persistentvolumeclaim/data-expandable created',
      'deployment.apps/mysql created',
      'volumesnapshot.volumesnapshot.external-storage.k8s.io/data-fixed-snap created',
    ]);
    expect(lab.store.get('deployments.apps', 'default', 'mysql').spec.replicas).toBe(0);
    expect(lab.store.get('volumesnapshots.volumesnapshot.external-storage.k8s.io', 'default', 'data-fixed-snap').spec.persistentVolumeClaimName).toBe('data-fixed');
  });

  it('applies a manifest twice', async () => {
    const path = await manifest('settings', configMap('data: {mode: primary}'));
    const created = await run(['apply', '-f', path]);
    expect(created.stderr).toBe('');
    expect(created.stdout.trim()).toBe('configmap/settings created');
    expect(lab.store.get('configmaps', 'default', 'settings').metadata.annotations[LAST_APPLIED]).toContain('"primary"');

    const unchanged = await run(['apply', '-f', path]);
    expect(unchanged.stderr).toBe('');
    expect(unchanged.stdout.trim()).toBe('configmap/settings unchanged');

    await writeFile(path, configMap('data: {mode: replica}'));
    const configured = await run(['apply', '-f', path]);
    expect(configured.stderr).toBe('');
    expect(configured.stdout.trim()).toBe('configmap/settings configured');
    expect(lab.store.get('configmaps', 'default', 'settings').data).toEqual({ mode: 'replica' });
  });

  it('replaces an object from a manifest', async () => {
    const path = await manifest('settings-replace', configMap('data: {mode: standby}'));
    const result = await run(['replace', '-f', path]);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('configmap/settings replaced');
    expect(lab.store.get('configmaps', 'default', 'settings').data).toEqual({ mode: 'standby' });
  });

  it('rejects an unknown top-level field', async () => {
    const text = configMap('data: {mode: primary}').replace('name: settings', 'name: typo').concat('dataa: {mode: replica}\n');
    const result = await run(['create', '-f', await manifest('typo', text)]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('Error from server (BadRequest)');
    expect(result.stderr).toContain('strict decoding error: unknown field "dataa"');
    expect(lab.store.find('configmaps', 'default', 'typo')).toBeUndefined();
  });

  it('rejects an unknown spec field', async () => {
    const text = STORAGE_MANIFEST.split('---')[4]?.replace('name: mysql', 'name: typo').replace('replicas: 0', 'replica: 0') ?? '';
    const result = await run(['create', '-f', await manifest('typo-spec', text)]);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('unknown field "spec.replica"');
    expect(lab.store.find('deployments.apps', 'default', 'typo')).toBeUndefined();
  });

  it('warns about and drops unknown fields', async () => {
    const text = configMap('data: {mode: primary}').replace('name: settings', 'name: warned').replace('namespace: default', 'namespace: default, labelz: {a: b}');
    const result = await run(['create', '--validate=warn', '-f', await manifest('warned', text)]);
    expect(result.exitCode).toBe(0);
    expect(result.stderr).toContain('Warning: unknown field "metadata.labelz"');
    expect(lab.store.get('configmaps', 'default', 'warned').metadata.labelz).toBeUndefined();
  });

  it('grows a bound claim of an expandable class', async () => {
    bindClaim('data-expandable');
    const result = await run(['patch', 'pvc', 'data-expandable', '-p', '{"spec":{"resources":{"requests":{"storage":"2Gi"}}}}']);
    expect(result.stderr).toBe('');
    expect(result.stdout.trim()).toBe('persistentvolumeclaim/data-expandable patched');
    expect(lab.store.get('persistentvolumeclaims', 'default', 'data-expandable').spec.resources.requests.storage).toBe('2Gi');
  });

  it('forbids growing a claim of a fixed class', async () => {
    bindClaim('data-fixed');
    const result = await run(['patch', 'pvc', 'data-fixed', '-p', '{"spec":{"resources":{"requests":{"storage":"2Gi"}}}}']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr.trim()).toBe(
      'Error from server (Forbidden): persistentvolumeclaims "data-fixed" is forbidden: only dynamically provisioned pvc can be resized and the storageclass that provisions the pvc must support resize',
    );
    expect(lab.store.get('persistentvolumeclaims', 'default', 'data-fixed').spec.resources.requests.storage).toBe('1Gi');
  });

  it('rejects shrinking a claim as invalid', async () => {
    const result = await run(['patch', 'pvc', 'data-expandable', '-p', '{"spec":{"resources":{"requests":{"storage":"1Gi"}}}}']);
    expect(result.exitCode).toBe(1);
    expect(result.stderr).toContain('The PersistentVolumeClaim "data-expandable" is invalid');
    expect(result.stderr).toContain('spec.resources.requests.storage: Forbidden: field can not be less than previous value');
  });
});
