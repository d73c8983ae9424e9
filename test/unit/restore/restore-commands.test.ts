import { describe, expect, it } from 'vitest';
import { defaultSafetySnapshotName, dropJobFromApproval, dropPlanMessage, validateDropDatabase } from '../../../commands/drop.js';
import { defaultRestoreName, restoreJobFromApproval, restorePlanMessage, validateRestoreName } from '../../../commands/restore.js';
import { restoredDeployment } from '../../../jobs/restore/clone-steps.js';
import type { Approval } from '../../../src/approvals/approval-types.js';
import { UserInputError } from '../../../src/errors.js';
import { largerQuantity, quantityToBytes } from '../../../src/kube/quantity-bytes.js';
import { LAB_TARGET } from '../../integration/failover/failover-harness.js';

function approval(operation: string, params: Record<string, unknown>): Approval {
  return {
    id: 'apr_0123456789abcdef0123',
    operation,
    target: 'orders-db',
    params,
    requestedBy: 'U0REQUEST',
    channel: 'C0OPS',
    triggerId: 'trigger-1',
    locale: 'zh-CN',
    status: 'approved',
    createdAt: new Date(0),
    expiresAt: new Date(60_000),
    messageTs: '1700000000.000001',
  };
}

describe('validateDropDatabase', () => {
  it.each(['mysql', 'sys', 'INFORMATION_SCHEMA', 'performance_schema'])('rejects system schema %s', (name) => {
    expect(() => validateDropDatabase(name)).toThrow(UserInputError);
    expect(() => validateDropDatabase(name)).toThrow(expect.objectContaining({ messageKey: 'drop.error.systemSchema' }));
  });

  it.each(['', 'a'.repeat(65), 'trailing ', 'nul\u0000'])('rejects invalid identifier %j', (name) => {
    expect(() => validateDropDatabase(name)).toThrow(expect.objectContaining({ code: 'drop_database_invalid', messageKey: 'drop.error.invalidName' }));
  });

  it('accepts names the server accepts', () => {
    expect(validateDropDatabase('classicmodels')).toBe('classicmodels');
    expect(validateDropDatabase('with`tick')).toBe('with`tick');
    expect(validateDropDatabase('MySQL')).toBe('MySQL');
  });
});

describe('defaultSafetySnapshotName', () => {
  it('names database and UTC time', () => {
    expect(defaultSafetySnapshotName('classicmodels', new Date('2024-05-01T13:45:02Z'))).toBe('drop-classicmodels-20240501-134502');
  });

  it('turns other characters into a valid snapshot name', () => {
    const name = defaultSafetySnapshotName('Sales_2024.Q1', new Date('2024-05-01T13:45:02Z'));
    expect(name).toBe('drop-sales-2024-q1-20240501-134502');
    expect(name).toMatch(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/);
  });
});

describe('defaultRestoreName', () => {
  it('appends -restore', () => {
    expect(defaultRestoreName('px-mysql-pvc-20240501-134502')).toBe('px-mysql-pvc-20240501-134502-restore');
  });

  it('cuts long names to a valid label', () => {
    const name = defaultRestoreName(`${'a'.repeat(60)}.b-c`);
    expect(name.length).toBeLessThanOrEqual(63);
    expect(validateRestoreName(name)).toBe(name);
    expect(name.endsWith('-restore')).toBe(true);
  });

  it('replaces dots', () => {
    expect(defaultRestoreName('snap.v1')).toBe('snap-v1-restore');
  });
});

describe('validateRestoreName', () => {
  it.each(['Upper', '-lead', 'trail-', 'a'.repeat(64), 'dot.ted', ''])('rejects %j', (name) => {
    expect(() => validateRestoreName(name)).toThrow(expect.objectContaining({ messageKey: 'restore.error.invalidName' }));
  });
});

describe('quantityToBytes', () => {
  it.each([
    ['1Gi', 1073741824n],
    ['1G', 1000000000n],
    ['1.5Gi', 1610612736n],
    ['512', 512n],
    ['2Ti', 2199023255552n],
  ])('parses %s', (quantity, bytes) => {
    expect(quantityToBytes(quantity)).toBe(bytes);
  });

  it('rejects an invalid quantity', () => {
    expect(() => quantityToBytes('1 GB')).toThrow(/invalid storage quantity/);
  });

  it('picks the larger quantity as written', () => {
    expect(largerQuantity('1Gi', '1G')).toBe('1Gi');
    expect(largerQuantity('1G', '2Gi')).toBe('2Gi');
  });
});

describe('dropJobFromApproval', () => {
  it('builds the job from the stored params', () => {
    const job = dropJobFromApproval(approval('drop', { database: 'classicmodels', safetySnapshotName: 'drop-classicmodels-1' }), 'U0APPROVE');
    expect(job).toMatchObject({ operation: 'drop', database: 'classicmodels', safetySnapshotName: 'drop-classicmodels-1', approvedBy: 'U0APPROVE', threadTs: '1700000000.000001', locale: 'zh-CN' });
  });

  it('rejects a system schema stored in the approval', () => {
    expect(() => dropJobFromApproval(approval('drop', { database: 'mysql', safetySnapshotName: 's' }), 'U0APPROVE')).toThrow(UserInputError);
  });

  it('rejects missing params', () => {
    expect(() => dropJobFromApproval(approval('drop', { database: 'x' }), 'U0APPROVE')).toThrow(/safety snapshot/);
  });
});

describe('restoreJobFromApproval', () => {
  it('derives the restore name when none was given', () => {
    const job = restoreJobFromApproval(approval('restore', { snapshotName: 'snap-1' }), 'U0APPROVE');
    expect(job).toMatchObject({ operation: 'restore', snapshotName: 'snap-1', restoreName: 'snap-1-restore', promote: false });
  });

  it('keeps promote and the given name', () => {
    const job = restoreJobFromApproval(approval('restore', { snapshotName: 'snap-1', restoreName: 'mine', promote: true }), 'U0APPROVE');
    expect(job.restoreName).toBe('mine');
    expect(job.promote).toBe(false);
    expect(job.requestPromotion).toBe(true);
  });
});

describe('plan messages', () => {
  it.each(['en', 'zh-CN'] as const)('render the drop plan in %s', (locale) => {
    const plan = dropPlanMessage(locale, LAB_TARGET, 'classicmodels', 'drop-classicmodels-1', { requestedBy: 'U0REQUEST', tables: [{ table: 'offices', estimatedRows: 7 }] });
    const text = JSON.stringify(plan.blocks);
    expect(plan.title).toContain('classicmodels');
    expect(text).toContain('drop-classicmodels-1');
    expect(text).toContain('offices');
  });

  it.each(['en', 'zh-CN'] as const)('render the restore plan in %s', (locale) => {
    const record = { name: 'snap-1', api: 'stork' as const, ready: false, restoreSize: '1Gi', fingerprint: undefined };
    const plan = restorePlanMessage(locale, LAB_TARGET, record, 'snap-1-restore', true);
    const text = JSON.stringify(plan.blocks);
    expect(text).toContain('snap-1-restore-data');
    expect(text).toContain(':x:');
    expect(text).toContain('`mysql`');
  });
});

describe('restoredDeployment', () => {
  const original = {
    metadata: { name: 'mysql' },
    spec: {
      selector: { matchLabels: { app: 'mysql' } },
      template: {
        metadata: { labels: { app: 'mysql', version: '1' } },
        spec: {
          schedulerName: 'stork',
          containers: [{ name: 'mysql', image: 'mysql:5.6', env: [{ name: 'MYSQL_ROOT_PASSWORD', valueFrom: { secretKeyRef: { name: 'mysql-root', key: 'password' } } }] }],
          volumes: [{ name: 'data', persistentVolumeClaim: { claimName: 'px-mysql-pvc' } }],
        },
      },
    },
  };
  const options = { name: 'r', namespace: 'default', claimName: 'r-data', targetClaim: 'px-mysql-pvc', jobId: 'job-1', snapshot: 'snap' };

  it('swaps the claim and the labels', () => {
    const deployment = restoredDeployment(original, options);
    expect(deployment.spec?.template.metadata?.labels).toEqual({ app: 'r' });
    expect(deployment.spec?.selector.matchLabels).toEqual({ app: 'r' });
    expect(deployment.spec?.template.spec?.volumes?.[0]?.persistentVolumeClaim?.claimName).toBe('r-data');
    expect(deployment.spec?.replicas).toBe(1);
    expect(deployment.spec?.template.spec?.containers[0]?.env?.[0]?.valueFrom?.secretKeyRef?.name).toBe('mysql-root');
    expect(original.spec.template.spec.volumes[0]?.persistentVolumeClaim.claimName).toBe('px-mysql-pvc');
  });

  it('rejects a template without the target claim', () => {
    expect(() => restoredDeployment(original, { ...options, targetClaim: 'other' })).toThrow(expect.objectContaining({ code: 'restore_template_unsupported' }));
  });
});
