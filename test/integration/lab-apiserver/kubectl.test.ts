import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { kubectl, parseKubectlTable, startTestLab, type TestLab } from './lab-test-support.js';

const NODE_ST0N = 'gke-gke-px-default-pool-177a3f0b-st0n';

describe('kubectl against the lab apiserver', () => {
  let lab: TestLab;
  beforeAll(async () => {
    lab = await startTestLab();
  });
  afterAll(async () => {
    await lab.stop();
  });

  it('gets nodes with the standard columns', async () => {
    const result = await kubectl(lab, ['get', 'nodes']);
    expect(result.stderr).toBe('');
    const table = parseKubectlTable(result.stdout);
    expect(table.header).toEqual(['NAME', 'STATUS', 'ROLES', 'AGE', 'VERSION']);
    expect(table.rows).toHaveLength(3);
    expect(table.rows[2]?.[0]).toBe(NODE_ST0N);
    expect(table.rows[2]?.[1]).toBe('Ready');
    expect(table.rows[2]?.[4]).toBe('v1.33.5-gke.1201000');
  });

  it('gets portworx pods by label', async () => {
    const result = await kubectl(lab, ['get', 'pods', '-n', 'kube-system', '-l', 'name=portworx']);
    const table = parseKubectlTable(result.stdout);
    expect(table.header).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE']);
    expect(table.rows.map((row) => row[0])).toEqual(['portworx-g8sq5', 'portworx-gnjpx', 'portworx-tbrc6']);
    expect(table.rows.every((row) => row[1] === '1/1' && row[2] === 'Running')).toBe(true);
  });

  it('gets pods wide with IP and node', async () => {
    const result = await kubectl(lab, ['get', 'pods', '-o', 'wide']);
    const table = parseKubectlTable(result.stdout);
    expect(table.header).toEqual(['NAME', 'READY', 'STATUS', 'RESTARTS', 'AGE', 'IP', 'NODE', 'NOMINATED NODE', 'READINESS GATES']);
    expect(table.rows).toHaveLength(1);
    expect(table.rows[0]?.[0]).toMatch(/^mysql-[a-z0-9]+-[a-z0-9]{5}$/);
    expect(table.rows[0]?.[5]).toMatch(/^127\.\d+\.\d+\.10$/);
    expect(table.rows[0]?.[6]).toBe(NODE_ST0N);
  });

  it('gets the bound PVC', async () => {
    const table = parseKubectlTable((await kubectl(lab, ['get', 'pvc'])).stdout);
    expect(table.header).toEqual(['NAME', 'STATUS', 'VOLUME', 'CAPACITY', 'ACCESS MODES', 'STORAGECLASS', 'VOLUMEATTRIBUTESCLASS', 'AGE']);
    expect(table.rows[0]?.slice(0, 2)).toEqual(['px-mysql-pvc', 'Bound']);
    expect(table.rows[0]?.[2]).toMatch(/^pvc-[0-9a-f-]{36}$/);
    expect(table.rows[0]?.slice(3, 6)).toEqual(['1Gi', 'RWO', 'px-ha-sc']);
  });

  it('gets storage classes', async () => {
    const table = parseKubectlTable((await kubectl(lab, ['get', 'sc'])).stdout);
    expect(table.header).toEqual(['NAME', 'PROVISIONER', 'RECLAIMPOLICY', 'VOLUMEBINDINGMODE', 'ALLOWVOLUMEEXPANSION', 'AGE']);
    expect(table.rows.map((row) => row.slice(0, 2))).toEqual([
      ['px-csi-db', 'pxd.portworx.com'],
      ['px-ha-sc', 'kubernetes.io/portworx-volume'],
      ['stork-snapshot-sc', 'stork-snapshot'],
    ]);
    expect(table.rows[1]?.[4]).toBe('true');
  });

  it('cordons and uncordons a node', async () => {
    const cordon = await kubectl(lab, ['cordon', NODE_ST0N]);
    expect(cordon.stdout.trim()).toBe(`node/${NODE_ST0N} cordoned`);
    expect(lab.cluster.store.get('nodes', undefined, NODE_ST0N).spec.unschedulable).toBe(true);
    const cordoned = parseKubectlTable((await kubectl(lab, ['get', 'node', NODE_ST0N])).stdout);
    expect(cordoned.rows[0]?.[1]).toBe('Ready,SchedulingDisabled');

    const uncordon = await kubectl(lab, ['uncordon', NODE_ST0N]);
    expect(uncordon.stdout.trim()).toBe(`node/${NODE_ST0N} uncordoned`);
    expect(lab.cluster.store.get('nodes', undefined, NODE_ST0N).spec.unschedulable).toBeUndefined();
  });

  it('execs pxctl volume inspect in a portworx pod', async () => {
    const volumeName = (await kubectl(lab, ['get', 'pvc', 'px-mysql-pvc', '-o', 'jsonpath={.spec.volumeName}'])).stdout;
    expect(volumeName).toMatch(/^pvc-/);
    const result = await kubectl(lab, ['exec', 'portworx-g8sq5', '-n', 'kube-system', '--', '/opt/pwx/bin/pxctl', 'volume', 'inspect', volumeName]);
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain(volumeName);
    expect(result.stdout).toContain(NODE_ST0N);
  });

  it('exec reports a missing command with exit code 127', async () => {
    const result = await kubectl(lab, ['exec', 'portworx-g8sq5', '-n', 'kube-system', '--', 'mysqladmin', 'ping']);
    expect(result.exitCode).toBe(127);
    expect(result.stderr).toContain('mysqladmin: command not found');
    expect(result.stderr).toContain('command terminated with exit code 127');
  });
});
