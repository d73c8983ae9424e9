/**
 * Registry of the resource types the lab apiserver serves. Discovery, routing, the object store and
 * Table printing all look types up here.
 */

export interface ResourceType {
  /** API group; the empty string is the core group (`/api/v1`). */
  group: string;
  version: string;
  kind: string;
  listKind: string;
  plural: string;
  singular: string;
  namespaced: boolean;
  shortNames: string[];
  /** Categories for `kubectl get CATEGORY`, e.g. `all`. */
  categories: string[];
  /** Whether `/status` is a separate subresource; if so, updates of the main resource keep the stored status. */
  statusSubresource: boolean;
  /** Whether strategic merge patch is accepted; the real apiserver rejects it for custom resources with 415. */
  strategicMergePatch: boolean;
  /** Whether deletion waits for a grace period, as pods do, and sets `deletionTimestamp` first. */
  gracefulDeletion: boolean;
}

/** Returns `apiVersion` as objects carry it: `v1` for core, `GROUP/VERSION` otherwise. */
export function apiVersionOf(type: ResourceType): string {
  return type.group === '' ? type.version : `${type.group}/${type.version}`;
}

/** Returns the store key and error-message name of a type: `pods`, `deployments.apps`. */
export function qualifiedResourceOf(type: ResourceType): string {
  return type.group === '' ? type.plural : `${type.plural}.${type.group}`;
}

type ResourceDefinition = Pick<ResourceType, 'group' | 'version' | 'kind' | 'plural' | 'namespaced'> &
  Partial<Omit<ResourceType, 'group' | 'version' | 'kind' | 'plural' | 'namespaced'>>;

export class ResourceRegistry {
  private readonly byQualifiedName = new Map<string, ResourceType>();

  register(definition: ResourceDefinition): ResourceType {
    const custom = !BUILT_IN_GROUPS.has(definition.group);
    const type: ResourceType = {
      listKind: `${definition.kind}List`,
      singular: definition.kind.toLowerCase(),
      shortNames: [],
      categories: [],
      statusSubresource: false,
      strategicMergePatch: !custom,
      gracefulDeletion: false,
      ...definition,
    };
    this.byQualifiedName.set(qualifiedResourceOf(type), type);
    return type;
  }

  /** Returns all types in registration order. */
  all(): ResourceType[] {
    return [...this.byQualifiedName.values()];
  }

  /** Finds the type served at `GROUP/VERSION/PLURAL`. */
  find(group: string, version: string, plural: string): ResourceType | undefined {
    const type = this.byQualifiedName.get(group === '' ? plural : `${plural}.${group}`);
    return type && type.version === version ? type : undefined;
  }

  /**
   * Resolves a name as controllers write it: a qualified name (`pods`, `deployments.apps`,
   * `volumesnapshots.snapshot.storage.k8s.io`) or a plural that only one group serves.
   */
  resolve(name: string): ResourceType {
    const exact = this.byQualifiedName.get(name);
    if (exact) return exact;
    const matches = this.all().filter((type) => type.plural === name);
    if (matches.length === 1 && matches[0]) return matches[0];
    if (matches.length > 1) {
      const names = matches.map(qualifiedResourceOf).join(', ');
      throw new Error(`resource name "${name}" is ambiguous: use one of ${names}`);
    }
    throw new Error(`resource "${name}" is not registered in the lab apiserver`);
  }

  /** Finds the type of an object from its `apiVersion` and `kind`. */
  findByKind(apiVersion: string, kind: string): ResourceType | undefined {
    return this.all().find((type) => apiVersionOf(type) === apiVersion && type.kind === kind);
  }

  /** Lists the group versions served, core (`v1`) first, each once. */
  groupVersions(): { group: string; version: string }[] {
    const seen = new Map<string, { group: string; version: string }>();
    for (const type of this.all()) seen.set(`${type.group}/${type.version}`, { group: type.group, version: type.version });
    return [...seen.values()];
  }
}

/** Groups that Kubernetes itself serves; every other group is a custom resource (CRD) group. */
const BUILT_IN_GROUPS = new Set(['', 'apps', 'storage.k8s.io', 'policy', 'rbac.authorization.k8s.io']);

/** Creates the registry with every type the lab serves: what GKE with Portworx and STORK serves. */
export function createDefaultRegistry(): ResourceRegistry {
  const registry = new ResourceRegistry();
  const core = { group: '', version: 'v1' };

  registry.register({ ...core, kind: 'Namespace', plural: 'namespaces', namespaced: false, shortNames: ['ns'], statusSubresource: true });
  registry.register({ ...core, kind: 'Node', plural: 'nodes', namespaced: false, shortNames: ['no'], statusSubresource: true });
  registry.register({ ...core, kind: 'Pod', plural: 'pods', namespaced: true, shortNames: ['po'], categories: ['all'], statusSubresource: true, gracefulDeletion: true });
  registry.register({ ...core, kind: 'Service', plural: 'services', namespaced: true, shortNames: ['svc'], categories: ['all'], statusSubresource: true });
  registry.register({ ...core, kind: 'Endpoints', plural: 'endpoints', namespaced: true, shortNames: ['ep'], singular: 'endpoints' });
  registry.register({ ...core, kind: 'Secret', plural: 'secrets', namespaced: true });
  registry.register({ ...core, kind: 'ConfigMap', plural: 'configmaps', namespaced: true, shortNames: ['cm'] });
  registry.register({ ...core, kind: 'Event', plural: 'events', namespaced: true, shortNames: ['ev'] });
  registry.register({ ...core, kind: 'PersistentVolume', plural: 'persistentvolumes', namespaced: false, shortNames: ['pv'], statusSubresource: true });
  registry.register({ ...core, kind: 'PersistentVolumeClaim', plural: 'persistentvolumeclaims', namespaced: true, shortNames: ['pvc'], statusSubresource: true });

  const apps = { group: 'apps', version: 'v1' };
  registry.register({ ...apps, kind: 'Deployment', plural: 'deployments', namespaced: true, shortNames: ['deploy'], categories: ['all'], statusSubresource: true });
  registry.register({ ...apps, kind: 'ReplicaSet', plural: 'replicasets', namespaced: true, shortNames: ['rs'], categories: ['all'], statusSubresource: true });

  registry.register({ group: 'storage.k8s.io', version: 'v1', kind: 'StorageClass', plural: 'storageclasses', namespaced: false, shortNames: ['sc'] });
  registry.register({ group: 'policy', version: 'v1', kind: 'PodDisruptionBudget', plural: 'poddisruptionbudgets', namespaced: true, shortNames: ['pdb'], statusSubresource: true });
  registry.register({ group: 'rbac.authorization.k8s.io', version: 'v1', kind: 'ClusterRoleBinding', plural: 'clusterrolebindings', namespaced: false });

  const csi = { group: 'snapshot.storage.k8s.io', version: 'v1' };
  registry.register({ ...csi, kind: 'VolumeSnapshot', plural: 'volumesnapshots', namespaced: true, shortNames: ['vs'], statusSubresource: true });
  registry.register({ ...csi, kind: 'VolumeSnapshotContent', plural: 'volumesnapshotcontents', namespaced: false, shortNames: ['vsc', 'vscs'], statusSubresource: true });
  registry.register({ ...csi, kind: 'VolumeSnapshotClass', plural: 'volumesnapshotclasses', namespaced: false, shortNames: ['vsclass', 'vsclasses'] });

  // STORK's snapshot types (the external-storage snapshot CRDs), which kubectl reaches as
  // `volumesnapshots.volumesnapshot.external-storage.k8s.io`.
  const stork = { group: 'volumesnapshot.external-storage.k8s.io', version: 'v1' };
  registry.register({ ...stork, kind: 'VolumeSnapshot', plural: 'volumesnapshots', namespaced: true });
  registry.register({ ...stork, kind: 'VolumeSnapshotData', plural: 'volumesnapshotdatas', namespaced: false });

  return registry;
}
