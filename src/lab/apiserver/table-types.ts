import type { KubeObject } from './kube-object.js';

/** A `meta.k8s.io/v1` TableColumnDefinition. Priority 1 columns appear only with `-o wide`. */
export interface ColumnDefinition {
  name: string;
  type: 'string' | 'integer' | 'number' | 'boolean' | 'date';
  format: string;
  description: string;
  priority: number;
}

/** Columns of one resource type and how to compute a row's cells, in column order. */
export interface TablePrinter {
  columns: ColumnDefinition[];
  cells(object: KubeObject, now: Date): unknown[];
}

export function column(name: string, options: { type?: ColumnDefinition['type']; format?: string; priority?: number; description?: string } = {}): ColumnDefinition {
  return {
    name,
    type: options.type ?? 'string',
    format: options.format ?? '',
    description: options.description ?? name,
    priority: options.priority ?? 0,
  };
}

export const NAME_COLUMN = column('Name', { format: 'name', description: 'Name must be unique within a namespace.' });
export const AGE_COLUMN = column('Age', { description: 'CreationTimestamp is a timestamp representing the server time when this object was created.' });

/** Joins values for a cell, or returns `<none>` as kubectl does for an empty list. */
export function joinOrNone(values: string[], separator = ','): string {
  return values.length > 0 ? values.join(separator) : '<none>';
}

/** Formats a label map as `a=b,c=d` for SELECTOR columns. */
export function formatLabels(labels: Record<string, string> | undefined): string {
  return joinOrNone(Object.entries(labels ?? {}).map(([key, value]) => `${key}=${value}`));
}
