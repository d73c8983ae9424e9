import { describe, it, expect } from 'vitest';
import { ApiError } from '../../../src/lab/apiserver/api-error.js';
import { matchesFieldSelector, parseFieldSelector } from '../../../src/lab/apiserver/field-selector.js';
import { labelSelectorFromSpec, matchesLabelSelector, parseLabelSelector } from '../../../src/lab/apiserver/label-selector.js';
import { createDefaultRegistry } from '../../../src/lab/apiserver/resources.js';

const labels = { app: 'mysql', tier: 'db', 'pod-template-hash': 'abc' };

describe('label selectors', () => {
  const cases: [string, boolean][] = [
    ['', true],
    ['app=mysql', true],
    ['app==mysql', true],
    ['app!=mysql', false],
    ['app=mysql,tier=web', false],
    ['tier in (db, cache)', true],
    ['tier notin (db)', false],
    ['missing notin (x)', true],
    ['pod-template-hash', true],
    ['!pod-template-hash', false],
    ['!missing,app in (mysql)', true],
  ];
  for (const [selector, expected] of cases) {
    it(`matches "${selector}" as ${expected}`, () => {
      expect(matchesLabelSelector(parseLabelSelector(selector), labels)).toBe(expected);
    });
  }

  it('rejects an invalid key with 400', () => {
    expect(() => parseLabelSelector('bad key=1')).toThrow(ApiError);
  });

  it('converts matchLabels and matchExpressions', () => {
    const selector = labelSelectorFromSpec({ matchLabels: { app: 'mysql' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['db'] }] });
    expect(matchesLabelSelector(selector, labels)).toBe(true);
    expect(matchesLabelSelector(selector, { app: 'mysql' })).toBe(false);
  });
});

describe('field selectors', () => {
  const pods = createDefaultRegistry().resolve('pods');
  const pod = { metadata: { name: 'mysql-1', namespace: 'default' }, spec: { nodeName: 'node-a' }, status: { phase: 'Running' } };

  it('matches pod fields', () => {
    expect(matchesFieldSelector(parseFieldSelector('spec.nodeName=node-a,status.phase=Running', pods), pod)).toBe(true);
    expect(matchesFieldSelector(parseFieldSelector('metadata.name!=mysql-1', pods), pod)).toBe(false);
    expect(matchesFieldSelector(parseFieldSelector('metadata.namespace==default', pods), pod)).toBe(true);
  });

  it('rejects an unsupported field with 400', () => {
    try {
      parseFieldSelector('spec.hostname=x', pods);
      expect.unreachable('parseFieldSelector accepted an unsupported field');
    } catch (error) {
      expect((error as ApiError).code).toBe(400);
      expect((error as ApiError).message).toBe('field label not supported: spec.hostname');
    }
  });
});
