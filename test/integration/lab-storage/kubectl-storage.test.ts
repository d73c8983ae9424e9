import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MYSQL_CLAIM_NAME } from '../../../src/lab/cluster/seed-mysql.js';
import { LabNodeStates } from '../../../src/lab/runtime/lab-node-states.js';
import { DEFAULT_LAB_TIMING, type LabRuntime } from '../../../src/lab/runtime/lab-runtime.js';
import { startStorage, type LabStorage } from '../../../src/lab/storage/start-storage.js';
import { volumeDirectory } from '../../../src/lab/storage/volume-data.js';
import { captureLogger } from '../../support/capture-logger.js';
import { kubectl, startTestLab, type TestLab } from '../lab-apiserver/lab-test-support.js';
import { uniquePodSubnet } from '../../support/pod-subnet.js';

const GIB = 1024 ** 3;

/**
 * Runs the storage steps of the classic runbook with the real kubectl against the lab apiserver
 * (seeded cluster on 127.0.0.1) while the storage controllers run in this process.
 */
describe('lab storage through kubectl', () => {
  let lab: TestLab;
  let storage: LabStorage;
  let runtime: LabRuntime;

  beforeAll(async () => {
    lab = await startTestLab();
    runtime = {
      store: lab.cluster.store,
      portworx: lab.cluster.portworx,
      nodes: new LabNodeStates(),
      directory: join(lab.directory, 'lab'),
      logger: captureLogger('warn').logger,
      timing: { ...DEFAULT_LAB_TIMING, resyncMs: 100 },
      now: () => new Date(),
      volumeFreezer: undefined,
      podSubnet: uniquePodSubnet(),
    };
    storage = startStorage(runtime);
  });
  afterAll(async () => {
    await storage.stop();
    await lab.stop();
  });

  async function run(args: string[]): Promise<string> {
    const result = await kubectl(lab, args);
    expect(result.stderr).toBe('');
    expect(result.exitCode).toBe(0);
    await storage.idle();
    return result.stdout;
  }

  async function createFromYaml(name: string, yaml: string): Promise<void> {
    const path = join(lab.directory, `${name}.yaml`);
    await writeFile(path, yaml);
    await run(['create', '-f', path]);
  }

  function seededVolume() {
    const pv = runtime.store.get('persistentvolumes', undefined, runtime.store.get('persistentvolumeclaims', 'default', MYSQL_CLAIM_NAME).spec.volumeName);
    const volume = runtime.portworx.volumes.get(pv.spec.portworxVolume.volumeID);
    if (!volume) throw new Error('seeded PV has no Portworx volume');
    return volume;
  }

  it('expands the MySQL PVC with kubectl patch', async () => {
    await run(['patch', 'pvc', MYSQL_CLAIM_NAME, '-p', '{"spec":{"resources":{"requests":{"storage":"2Gi"}}}}']);
    const capacity = await run(['get', 'pvc', MYSQL_CLAIM_NAME, '-o', 'jsonpath={.status.capacity.storage}']);
    expect(capacity).toBe('2Gi');
    expect(seededVolume().sizeBytes).toBe(2 * GIB);
  });

  it('snapshots and restores with CSI objects', async () => {
    const sourceDirectory = volumeDirectory(runtime, seededVolume().id);
    await mkdir(sourceDirectory, { recursive: true });
    await writeFile(join(sourceDirectory, 'ibdata1'), 'csi rows');

    await createFromYaml(
      'csi-snapshot',
      [
        'apiVersion: snapshot.storage.k8s.io/v1',
        'kind: VolumeSnapshotClass',
        'metadata: {name: px-csi-test-snapclass}',
        'driver: pxd.portworx.com',
        'deletionPolicy: Delete',
        '---',
        'apiVersion: storage.k8s.io/v1',
        'kind: StorageClass',
        'metadata: {name: px-csi-test-db}',
        'provisioner: pxd.portworx.com',
        'parameters: {repl: "3", io_profile: db}',
        'allowVolumeExpansion: true',
        '---',
        'apiVersion: snapshot.storage.k8s.io/v1',
        'kind: VolumeSnapshot',
        'metadata: {name: mysql-csi-snap, namespace: default}',
        `spec: {volumeSnapshotClassName: px-csi-test-snapclass, source: {persistentVolumeClaimName: ${MYSQL_CLAIM_NAME}}}`,
        '',
      ].join('\n'),
    );
    const ready = await run(['get', 'volumesnapshot.snapshot.storage.k8s.io', 'mysql-csi-snap', '-o', 'jsonpath={.status.readyToUse} {.status.restoreSize}']);
    expect(ready).toBe('true 2Gi');

    await createFromYaml(
      'csi-restore',
      [
        'apiVersion: v1',
        'kind: PersistentVolumeClaim',
        'metadata: {name: mysql-csi-restore, namespace: default}',
        'spec:',
        '  storageClassName: px-csi-test-db',
        '  accessModes: [ReadWriteOnce]',
        '  resources: {requests: {storage: 2Gi}}',
        '  dataSource: {name: mysql-csi-snap, kind: VolumeSnapshot, apiGroup: snapshot.storage.k8s.io}',
        '',
      ].join('\n'),
    );
    const phase = await run(['get', 'pvc', 'mysql-csi-restore', '-o', 'jsonpath={.status.phase} {.spec.volumeName}']);
    const [status, pvName] = phase.split(' ');
    expect(status).toBe('Bound');
    const handle = await run(['get', 'pv', String(pvName), '-o', 'jsonpath={.spec.csi.volumeHandle}']);
    expect(await readFile(join(volumeDirectory(runtime, handle), 'ibdata1'), 'utf8')).toBe('csi rows');
  });

  it('snapshots and restores with STORK objects', async () => {
    await createFromYaml(
      'stork-snapshot',
      [
        'apiVersion: volumesnapshot.external-storage.k8s.io/v1',
        'kind: VolumeSnapshot',
        'metadata: {name: mysql-snapshot, namespace: default}',
        `spec: {persistentVolumeClaimName: ${MYSQL_CLAIM_NAME}}`,
        '',
      ].join('\n'),
    );
    const dataName = await run(['get', 'volumesnapshots.volumesnapshot.external-storage.k8s.io', 'mysql-snapshot', '-o', 'jsonpath={.spec.snapshotDataName}']);
    expect(dataName).toMatch(/^k8s-volume-snapshot-/);
    const dataReady = await run(['get', 'volumesnapshotdatas', dataName, '-o', 'jsonpath={.status.conditions[0].type}={.status.conditions[0].status}']);
    expect(dataReady).toBe('Ready=True');

    await createFromYaml(
      'stork-restore',
      [
        'apiVersion: v1',
        'kind: PersistentVolumeClaim',
        'metadata:',
        '  name: mysql-snap-clone',
        '  namespace: default',
        '  annotations: {snapshot.alpha.kubernetes.io/snapshot: mysql-snapshot}',
        'spec:',
        '  storageClassName: stork-snapshot-sc',
        '  accessModes: [ReadWriteOnce]',
        '  resources: {requests: {storage: 2Gi}}',
        '',
      ].join('\n'),
    );
    const phase = await run(['get', 'pvc', 'mysql-snap-clone', '-o', 'jsonpath={.status.phase}']);
    expect(phase).toBe('Bound');
  });

  it('deletes a restored PVC and its volume', async () => {
    const pvName = await run(['get', 'pvc', 'mysql-snap-clone', '-o', 'jsonpath={.spec.volumeName}']);
    const volumeId = await run(['get', 'pv', pvName, '-o', 'jsonpath={.spec.portworxVolume.volumeID}']);
    await run(['delete', 'pvc', 'mysql-snap-clone', '--wait=false']);

    const remaining = await kubectl(lab, ['get', 'pv', pvName, '--ignore-not-found', '-o', 'name']);
    expect(remaining.stdout).toBe('');
    expect(runtime.portworx.volumes.has(volumeId)).toBe(false);
  });
});
