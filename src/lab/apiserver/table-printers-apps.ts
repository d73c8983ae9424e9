import type { KubeObject } from './kube-object.js';
import { ageSince } from './human-duration.js';
import { AGE_COLUMN, NAME_COLUMN, column, formatLabels, type TablePrinter } from './table-types.js';

function containerNames(template: KubeObject | undefined): string {
  return ((template?.spec?.containers ?? []) as KubeObject[]).map((container) => container.name).join(',');
}

function containerImages(template: KubeObject | undefined): string {
  return ((template?.spec?.containers ?? []) as KubeObject[]).map((container) => container.image).join(',');
}

function selectorText(selector: KubeObject | undefined): string {
  const terms = Object.entries((selector?.matchLabels ?? {}) as Record<string, string>).map(([key, value]) => `${key}=${value}`);
  for (const expression of (selector?.matchExpressions ?? []) as KubeObject[]) {
    terms.push(`${expression.key} ${String(expression.operator).toLowerCase()} (${(expression.values ?? []).join(',')})`);
  }
  return terms.length > 0 ? terms.join(',') : formatLabels(undefined);
}

const WIDE_WORKLOAD_COLUMNS = [
  column('Containers', { priority: 1, description: 'Names of each container in the template.' }),
  column('Images', { priority: 1, description: 'Images referenced by each container in the template.' }),
  column('Selector', { priority: 1, description: 'Label selector for pods.' }),
];

/** Columns of `kubectl get deployments`. */
export const deploymentPrinter: TablePrinter = {
  columns: [NAME_COLUMN, column('Ready'), column('Up-to-date', { type: 'integer' }), column('Available', { type: 'integer' }), AGE_COLUMN, ...WIDE_WORKLOAD_COLUMNS],
  cells(deployment, now) {
    const status = deployment.status ?? {};
    return [
      deployment.metadata.name,
      `${status.readyReplicas ?? 0}/${deployment.spec?.replicas ?? 0}`,
      status.updatedReplicas ?? 0,
      status.availableReplicas ?? 0,
      ageSince(deployment.metadata.creationTimestamp, now),
      containerNames(deployment.spec?.template),
      containerImages(deployment.spec?.template),
      selectorText(deployment.spec?.selector),
    ];
  },
};

/** Columns of `kubectl get replicasets`. */
export const replicaSetPrinter: TablePrinter = {
  columns: [NAME_COLUMN, column('Desired', { type: 'integer' }), column('Current', { type: 'integer' }), column('Ready', { type: 'integer' }), AGE_COLUMN, ...WIDE_WORKLOAD_COLUMNS],
  cells(replicaSet, now) {
    const status = replicaSet.status ?? {};
    return [
      replicaSet.metadata.name,
      replicaSet.spec?.replicas ?? 0,
      status.replicas ?? 0,
      status.readyReplicas ?? 0,
      ageSince(replicaSet.metadata.creationTimestamp, now),
      containerNames(replicaSet.spec?.template),
      containerImages(replicaSet.spec?.template),
      selectorText(replicaSet.spec?.selector),
    ];
  },
};

/** Columns of `kubectl get pdb`. */
export const disruptionBudgetPrinter: TablePrinter = {
  columns: [NAME_COLUMN, column('Min Available'), column('Max Unavailable'), column('Allowed Disruptions', { type: 'integer' }), AGE_COLUMN],
  cells(budget, now) {
    return [
      budget.metadata.name,
      budget.spec?.minAvailable === undefined ? 'N/A' : String(budget.spec.minAvailable),
      budget.spec?.maxUnavailable === undefined ? 'N/A' : String(budget.spec.maxUnavailable),
      budget.status?.disruptionsAllowed ?? 0,
      ageSince(budget.metadata.creationTimestamp, now),
    ];
  },
};
