import { describe, expect, it } from 'vitest';
import { expandJob, expandPlanMessage, type ExpandFacts } from '../../../commands/expand.js';
import type { TargetConfig } from '../../../src/config/targets-schema.js';
import { catalogEn } from '../../../src/slack/i18n/catalog-en.js';
import { catalogZhCn } from '../../../src/slack/i18n/catalog-zh-cn.js';
import { placeholdersOf } from '../../../src/slack/i18n/translate.js';

const TARGET: TargetConfig = {
  name: 'orders-db',
  cluster: { kubeconfig: '/dev/null' },
  namespace: 'default',
  deployment: 'mysql',
  pvc: 'px-mysql-pvc',
  service: 'mysql',
  rootPasswordSecret: { name: 'mysql-root', key: 'password' },
  portworx: { namespace: 'kube-system', labelSelector: 'name=portworx' },
  channels: [],
  snapshots: { api: 'stork', volumeSnapshotClass: 'px-csi-snapclass', appConsistent: true, readyTimeoutSeconds: 300 },
  expand: { requireApproval: true },
  health: { alertAfterSeconds: 60, incidentAfterSeconds: 600 },
  schedules: [],
};

const EXPANDABLE: ExpandFacts = { request: '1Gi', capacity: '1Gi', storageClass: 'px-ha-sc', allowExpansion: true };

describe('expandJob', () => {
  it('builds the job data with a canonical size', () => {
    const job = expandJob({ target: TARGET, userId: 'U1', channelId: 'C1', triggerId: 'T1', locale: 'en', size: '2048Mi' });

    expect(job).toEqual({ operation: 'expand', target: 'orders-db', requestedBy: 'U1', channel: 'C1', triggerId: 'T1', locale: 'en', size: '2Gi' });
  });
});

describe('expandPlanMessage', () => {
  it('shows the PVC, class and sizes', () => {
    const plan = expandPlanMessage('en', TARGET, '2Gi', EXPANDABLE, { requestedBy: 'U1' });
    const text = JSON.stringify(plan.blocks);

    expect(plan.title).toContain('Expansion of `orders-db`* to `2Gi`');
    expect(text).toContain('`px-mysql-pvc`');
    expect(text).toContain('`px-ha-sc`');
    expect(text).toContain('<@U1>');
    expect(text).not.toContain(':x:');
  });

  it('warns about a class without expansion', () => {
    const plan = expandPlanMessage('en', TARGET, '2Gi', { ...EXPANDABLE, storageClass: 'px-fixed', allowExpansion: false });

    expect(JSON.stringify(plan.blocks)).toContain('StorageClass `px-fixed` does not allow expansion');
  });

  it('warns about a size not larger than the request', () => {
    const plan = expandPlanMessage('zh-CN', TARGET, '1Gi', EXPANDABLE);

    expect(JSON.stringify(plan.blocks)).toContain('不大于当前请求');
  });
});

describe('expand catalog keys', () => {
  it('have the same placeholders in both catalogs', () => {
    const keys = Object.keys(catalogEn).filter((key) => key.startsWith('expand.')) as Array<keyof typeof catalogEn>;

    expect(keys.length).toBeGreaterThan(30);
    for (const key of keys) expect(placeholdersOf(catalogZhCn[key]).sort(), key).toEqual(placeholdersOf(catalogEn[key]).sort());
  });
});
