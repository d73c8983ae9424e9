import type { KubeObject } from './kube-object.js';
import { ageSince } from './human-duration.js';
import { qualifiedResourceOf, type ResourceType } from './resources.js';
import { configMapPrinter, endpointsPrinter, eventPrinter, namespacePrinter, nodePrinter, podPrinter, secretPrinter, servicePrinter } from './table-printers-core.js';
import { claimPrinter, storageClassPrinter, volumePrinter, volumeSnapshotPrinter } from './table-printers-storage.js';
import { deploymentPrinter, disruptionBudgetPrinter, replicaSetPrinter } from './table-printers-apps.js';
import { AGE_COLUMN, NAME_COLUMN, type TablePrinter } from './table-types.js';

const PRINTERS: Record<string, TablePrinter> = {
  pods: podPrinter,
  nodes: nodePrinter,
  services: servicePrinter,
  secrets: secretPrinter,
  configmaps: configMapPrinter,
  namespaces: namespacePrinter,
  endpoints: endpointsPrinter,
  events: eventPrinter,
  persistentvolumeclaims: claimPrinter,
  persistentvolumes: volumePrinter,
  'storageclasses.storage.k8s.io': storageClassPrinter,
  'deployments.apps': deploymentPrinter,
  'replicasets.apps': replicaSetPrinter,
  'poddisruptionbudgets.policy': disruptionBudgetPrinter,
  'volumesnapshots.snapshot.storage.k8s.io': volumeSnapshotPrinter,
};

const DEFAULT_PRINTER: TablePrinter = {
  columns: [NAME_COLUMN, AGE_COLUMN],
  cells: (object, now) => [object.metadata.name, ageSince(object.metadata.creationTimestamp, now)],
};

/** Content of each row's `object`, set by the `includeObject` query parameter. */
export type IncludeObject = 'None' | 'Object' | 'PartialObjectMetadata';

export function printerFor(type: ResourceType): TablePrinter {
  return PRINTERS[qualifiedResourceOf(type)] ?? DEFAULT_PRINTER;
}

/** Builds a `meta.k8s.io/v1` Table of objects, as `kubectl get` requests with `Accept: …;as=Table`. */
export function buildTable(type: ResourceType, objects: KubeObject[], listMetadata: KubeObject, include: IncludeObject, now: Date): KubeObject {
  const printer = printerFor(type);
  return {
    kind: 'Table',
    apiVersion: 'meta.k8s.io/v1',
    metadata: listMetadata,
    columnDefinitions: printer.columns,
    rows: objects.map((object) => tableRow(printer, object, include, now)),
  };
}

function tableRow(printer: TablePrinter, object: KubeObject, include: IncludeObject, now: Date): KubeObject {
  const row: KubeObject = { cells: printer.cells(object, now) };
  if (include === 'Object') row.object = object;
  if (include === 'PartialObjectMetadata') {
    row.object = { kind: 'PartialObjectMetadata', apiVersion: 'meta.k8s.io/v1', metadata: object.metadata };
  }
  return row;
}
