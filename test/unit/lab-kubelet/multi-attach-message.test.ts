import { describe, expect, it } from 'vitest';
import { MultiAttachError, multiAttachMessage } from '../../../src/lab/kubelet/volume-attach.js';

describe('multiAttachMessage', () => {
  it('names pods in the same namespace', () => {
    const error = new MultiAttachError('pvc-1', 'node-a', ['default/mysql-abc']);
    expect(multiAttachMessage(error, 'default')).toBe('Multi-Attach error for volume "pvc-1" Volume is already used by pod(s) mysql-abc');
  });

  it('counts pods in other namespaces', () => {
    const error = new MultiAttachError('pvc-1', 'node-a', ['default/mysql-abc', 'other/mysql-def']);
    expect(multiAttachMessage(error, 'default')).toBe(
      'Multi-Attach error for volume "pvc-1" Volume is already used by pod(s) mysql-abc and 1 pod(s) in different namespaces',
    );
    expect(multiAttachMessage(error, 'third')).toBe('Multi-Attach error for volume "pvc-1" Volume is already used by 2 pod(s) in different namespaces');
  });
});
