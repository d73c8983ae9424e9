import type { V1Pod, V1PodDisruptionBudget } from '@kubernetes/client-node';
import { describe, expect, it } from 'vitest';
import { estimateDisruptionsAllowed, findBlockingDisruptionBudgets } from '../../../src/kube/disruption-budgets.js';
import { matchesLabelSelector } from '../../../src/kube/label-selector-match.js';

function pod(name: string, ready: boolean, labels: Record<string, string> = { app: 'mysql' }): V1Pod {
  return {
    metadata: { name, namespace: 'default', labels },
    status: { phase: 'Running', conditions: [{ type: 'Ready', status: ready ? 'True' : 'False' }] },
  };
}

function budget(spec: V1PodDisruptionBudget['spec'], status?: V1PodDisruptionBudget['status'], generation = 1): V1PodDisruptionBudget {
  return { metadata: { name: 'mysql-pdb', generation }, spec, ...(status === undefined ? {} : { status }) };
}

function clients(budgets: V1PodDisruptionBudget[], pods: V1Pod[]) {
  return {
    policy: { listNamespacedPodDisruptionBudget: async () => ({ items: budgets }) },
    core: { listNamespacedPod: async () => ({ items: pods }) },
  };
}

describe('matchesLabelSelector', () => {
  it.each([
    [{ matchLabels: { app: 'mysql' } }, true],
    [{ matchLabels: { app: 'web' } }, false],
    [{ matchExpressions: [{ key: 'app', operator: 'In', values: ['mysql', 'web'] }] }, true],
    [{ matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['mysql'] }] }, false],
    [{ matchExpressions: [{ key: 'tier', operator: 'DoesNotExist' }] }, true],
    [{ matchExpressions: [{ key: 'tier', operator: 'Exists' }] }, false],
    [{}, true],
  ])('selector %j matches: %s', (selector, expected) => {
    expect(matchesLabelSelector(selector, { app: 'mysql' })).toBe(expected);
  });
});

describe('estimateDisruptionsAllowed', () => {
  const selector = { matchLabels: { app: 'mysql' } };
  it.each([
    [{ minAvailable: 1, selector }, [pod('a', true)], 0],
    [{ minAvailable: 1, selector }, [pod('a', true), pod('b', true)], 1],
    [{ minAvailable: '50%', selector }, [pod('a', true), pod('b', true)], 1],
    [{ maxUnavailable: 0, selector }, [pod('a', true)], 0],
    [{ maxUnavailable: 1, selector }, [pod('a', true), pod('b', false)], 0],
    [{ maxUnavailable: '100%', selector }, [pod('a', true)], 1],
  ])('spec %j', (spec, pods, expected) => {
    expect(estimateDisruptionsAllowed(budget(spec), pods)).toBe(expected);
  });
});

describe('findBlockingDisruptionBudgets', () => {
  const selector = { matchLabels: { app: 'mysql' } };

  it('uses a current status', async () => {
    const { policy, core } = clients([budget({ minAvailable: 1, selector }, { disruptionsAllowed: 1, observedGeneration: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2 })], [pod('a', true)]);
    expect(await findBlockingDisruptionBudgets(policy, core, pod('a', true))).toEqual([]);
  });

  it('estimates when the status is stale', async () => {
    const stale = budget({ minAvailable: 1, selector }, { disruptionsAllowed: 1, observedGeneration: 1, currentHealthy: 2, desiredHealthy: 1, expectedPods: 2 }, 2);
    const { policy, core } = clients([stale], [pod('a', true)]);
    expect(await findBlockingDisruptionBudgets(policy, core, pod('a', true))).toEqual([{ name: 'mysql-pdb', disruptionsAllowed: 0, estimated: true }]);
  });

  it('ignores budgets that select other pods', async () => {
    const { policy, core } = clients([budget({ minAvailable: 1, selector: { matchLabels: { app: 'web' } } })], [pod('a', true)]);
    expect(await findBlockingDisruptionBudgets(policy, core, pod('a', true))).toEqual([]);
  });

  it('never blocks a pod that is not Ready', async () => {
    const { policy, core } = clients([budget({ minAvailable: 1, selector }, { disruptionsAllowed: 0, observedGeneration: 1, currentHealthy: 0, desiredHealthy: 1, expectedPods: 1 })], [pod('a', false)]);
    expect(await findBlockingDisruptionBudgets(policy, core, pod('a', false))).toEqual([]);
  });
});
