import type { V1LabelSelector } from '@kubernetes/client-node';

/**
 * True when the labels match a Kubernetes label selector: every `matchLabels` pair and every
 * `matchExpressions` requirement (In, NotIn, Exists, DoesNotExist). An empty selector matches
 * everything, as in `policy/v1` PodDisruptionBudgets. An unknown operator matches nothing.
 */
export function matchesLabelSelector(selector: V1LabelSelector, labels: Readonly<Record<string, string>>): boolean {
  for (const [key, value] of Object.entries(selector.matchLabels ?? {})) {
    if (labels[key] !== value) return false;
  }
  for (const requirement of selector.matchExpressions ?? []) {
    const present = Object.hasOwn(labels, requirement.key);
    const value = labels[requirement.key];
    const values = requirement.values ?? [];
    switch (requirement.operator) {
      case 'In':
        if (!present || !values.includes(value as string)) return false;
        break;
      case 'NotIn':
        if (present && values.includes(value as string)) return false;
        break;
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
      default:
        return false;
    }
  }
  return true;
}
