import type { KubeObject } from '../apiserver/kube-object.js';

/**
 * Resolves an int-or-percent field such as `maxSurge: 1` or `maxUnavailable: '25%'` against
 * `total`. Percentages round up when `roundUp` is set and down otherwise, as the Deployment
 * controller resolves maxSurge (up) and maxUnavailable (down). Throws for any other string.
 */
export function resolveIntOrPercent(value: unknown, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  if (typeof value === 'string') {
    const match = /^(\d+)%$/.exec(value);
    if (match) {
      const exact = (Number(match[1]) * total) / 100;
      return roundUp ? Math.ceil(exact) : Math.floor(exact);
    }
    if (/^\d+$/.test(value)) return Number(value);
  }
  throw new Error(`invalid int-or-percent value ${JSON.stringify(value)}: use an integer or a string like "25%"`);
}

export interface RollingParameters {
  maxSurge: number;
  maxUnavailable: number;
}

/**
 * Returns a Deployment's resolved maxSurge and maxUnavailable. When both resolve to 0,
 * maxUnavailable becomes 1 so the rollout can progress. A Recreate Deployment has both 0.
 */
export function rollingParameters(deployment: KubeObject): RollingParameters {
  const strategy: KubeObject = deployment.spec?.strategy ?? {};
  if (strategy.type === 'Recreate') return { maxSurge: 0, maxUnavailable: 0 };
  const desired = Number(deployment.spec?.replicas ?? 1);
  const maxSurge = resolveIntOrPercent(strategy.rollingUpdate?.maxSurge ?? '25%', desired, true);
  const maxUnavailable = resolveIntOrPercent(strategy.rollingUpdate?.maxUnavailable ?? '25%', desired, false);
  if (maxSurge === 0 && maxUnavailable === 0) return { maxSurge, maxUnavailable: 1 };
  return { maxSurge, maxUnavailable: Math.min(maxUnavailable, desired) };
}
