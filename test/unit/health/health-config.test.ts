import { describe, expect, it } from 'vitest';
import { targetsFileSchema } from '../../../src/config/targets-schema.js';

function targetsFile(health?: unknown) {
  return {
    targets: {
      'orders-db': {
        cluster: { inCluster: true },
        deployment: 'mysql',
        pvc: 'px-mysql-pvc',
        service: 'mysql',
        rootPasswordSecret: { name: 'mysql-root', key: 'password' },
        ...(health === undefined ? {} : { health }),
      },
    },
  };
}

describe('health thresholds in targets file', () => {
  it('default to 60 and 600 seconds', () => {
    const parsed = targetsFileSchema.parse(targetsFile());
    expect(parsed.targets['orders-db']?.health).toEqual({ alertAfterSeconds: 60, incidentAfterSeconds: 600 });
  });

  it('accept values that are set', () => {
    const parsed = targetsFileSchema.parse(targetsFile({ alertAfterSeconds: 5, incidentAfterSeconds: 30 }));
    expect(parsed.targets['orders-db']?.health).toEqual({ alertAfterSeconds: 5, incidentAfterSeconds: 30 });
  });

  it.each([{ alertAfterSeconds: 0 }, { alertAfterSeconds: 1.5 }, { incidentAfterSeconds: -1 }, { alertAfter: 5 }])('reject %o', (health) => {
    expect(targetsFileSchema.safeParse(targetsFile(health)).success).toBe(false);
  });
});
