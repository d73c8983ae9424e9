import { describe, expect, it } from 'vitest';
import { dataVolumeClaim, isMysqlImage, mysqlContainerPort, VolumeMountError } from '../../../src/lab/kubelet/mysql-pod-spec.js';

describe('isMysqlImage', () => {
  it.each([
    ['mysql', true],
    ['mysql:5.6', true],
    ['mariadb:10.11', true],
    ['docker.io/library/mysql:8.0', true],
    ['library/mariadb', true],
    ['mysql@sha256:0123', true],
    ['portworx/oci-monitor:2.1.1', false],
    ['openstorage/stork:2.2.0', false],
    ['bitnami/mysql:8.0', false],
    ['registry.example.com/mysql:8.0', false],
    ['mysql-exporter:1.0', false],
  ])('%s → %s', (image, expected) => {
    expect(isMysqlImage(image)).toBe(expected);
  });
});

describe('mysqlContainerPort', () => {
  it('defaults to 3306', () => {
    expect(mysqlContainerPort({ name: 'mysql' })).toBe(3306);
  });

  it('prefers the port named mysql', () => {
    expect(mysqlContainerPort({ ports: [{ containerPort: 9104, name: 'metrics' }, { containerPort: 3307, name: 'mysql' }] })).toBe(3307);
  });

  it('skips UDP ports', () => {
    expect(mysqlContainerPort({ ports: [{ containerPort: 53, protocol: 'UDP' }, { containerPort: 3310 }] })).toBe(3310);
  });
});

describe('dataVolumeClaim', () => {
  const container = { name: 'mysql', volumeMounts: [{ name: 'data', mountPath: '/var/lib/mysql/' }] };

  it('returns the PVC mounted at /var/lib/mysql', () => {
    const pod = { spec: { volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'px-mysql-pvc' } }] } };
    expect(dataVolumeClaim(pod, container)).toEqual({ volumeName: 'data', claimName: 'px-mysql-pvc' });
  });

  it('rejects an emptyDir', () => {
    const pod = { spec: { volumes: [{ name: 'data', emptyDir: {} }] } };
    expect(() => dataVolumeClaim(pod, container)).toThrow(VolumeMountError);
    expect(() => dataVolumeClaim(pod, container)).toThrow(/is not a persistentVolumeClaim/);
  });

  it('rejects a container without the mount', () => {
    expect(() => dataVolumeClaim({ spec: { volumes: [] } }, { name: 'mysql' })).toThrow(/mounts no volume at \/var\/lib\/mysql/);
  });
});
