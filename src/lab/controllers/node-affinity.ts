import type { KubeObject } from '../apiserver/kube-object.js';

/**
 * True when the node satisfies the pod's `nodeSelector` and its
 * `requiredDuringSchedulingIgnoredDuringExecution` node affinity: one of the terms must match,
 * and a term matches when all of its `matchExpressions` and `matchFields` match. An unknown
 * operator matches nothing, as the API would reject it.
 */
export function matchesNodeAffinity(pod: KubeObject, node: KubeObject): boolean {
  const labels: Record<string, string> = node.metadata?.labels ?? {};
  const selector: Record<string, string> = pod.spec?.nodeSelector ?? {};
  if (Object.entries(selector).some(([key, value]) => labels[key] !== value)) return false;

  const required: KubeObject | undefined = pod.spec?.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  const terms: KubeObject[] = required?.nodeSelectorTerms ?? [];
  if (!required || terms.length === 0) return true;
  const fields: Record<string, string> = { 'metadata.name': String(node.metadata?.name ?? '') };
  return terms.some(
    (term) =>
      ((term.matchExpressions ?? []).length > 0 || (term.matchFields ?? []).length > 0) &&
      (term.matchExpressions ?? []).every((expression: KubeObject) => matchesExpression(expression, labels)) &&
      (term.matchFields ?? []).every((expression: KubeObject) => matchesExpression(expression, fields)),
  );
}

function matchesExpression(expression: KubeObject, values: Record<string, string>): boolean {
  const key = String(expression.key);
  const has = Object.prototype.hasOwnProperty.call(values, key);
  const value = values[key];
  const expected: string[] = (expression.values ?? []).map(String);
  switch (expression.operator) {
    case 'In':
      return has && expected.includes(String(value));
    case 'NotIn':
      return !has || !expected.includes(String(value));
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
      return has && expected.length === 1 && Number.parseInt(String(value), 10) > Number.parseInt(expected[0] ?? '', 10);
    case 'Lt':
      return has && expected.length === 1 && Number.parseInt(String(value), 10) < Number.parseInt(expected[0] ?? '', 10);
    default:
      return false;
  }
}
