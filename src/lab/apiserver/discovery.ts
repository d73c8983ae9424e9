import { apiVersionOf, type ResourceRegistry, type ResourceType } from './resources.js';

/** The version the lab reports on `/version`: a GKE 1.33 build, so Google Cloud SDK's kubectl picks kubectl 1.33. */
export const LAB_VERSION_INFO = {
  major: '1',
  minor: '33',
  emulationMajor: '1',
  emulationMinor: '33',
  minCompatibilityMajor: '1',
  minCompatibilityMinor: '32',
  gitVersion: 'v1.33.5-gke.1201000',
  gitCommit: '6d1b0f5c1e0d4b1a9c4f1e7e2c3a8b9d0e1f2a3b',
  gitTreeState: 'clean',
  buildDate: '2025-09-30T09:21:45Z',
  goVersion: 'go1.24.6 X:boringcrypto',
  compiler: 'gc',
  platform: 'linux/amd64',
};

const OBJECT_VERBS = ['create', 'delete', 'deletecollection', 'get', 'list', 'patch', 'update', 'watch'];

/** Subresources the lab serves, with the kind and verbs discovery reports for them. */
function subresourcesOf(type: ResourceType): { name: string; kind: string; verbs: string[]; group?: string; version?: string }[] {
  const entries: { name: string; kind: string; verbs: string[]; group?: string; version?: string }[] = [];
  if (type.statusSubresource) entries.push({ name: 'status', kind: type.kind, verbs: ['get', 'patch', 'update'] });
  if (type.group === '' && type.plural === 'pods') {
    entries.push({ name: 'exec', kind: 'PodExecOptions', verbs: ['create', 'get'] });
    entries.push({ name: 'log', kind: 'Pod', verbs: ['get'] });
  }
  if (type.group === 'apps' && (type.plural === 'deployments' || type.plural === 'replicasets')) {
    entries.push({ name: 'scale', kind: 'Scale', verbs: ['get', 'patch', 'update'], group: 'autoscaling', version: 'v1' });
  }
  return entries;
}

/** Returns the APIResourceList of one group version, as `/api/v1` and `/apis/G/V` serve it. */
export function apiResourceList(registry: ResourceRegistry, group: string, version: string): Record<string, unknown> | undefined {
  const types = registry.all().filter((type) => type.group === group && type.version === version);
  if (types.length === 0) return undefined;
  const resources: Record<string, unknown>[] = [];
  for (const type of types) {
    const entry: Record<string, unknown> = {
      name: type.plural,
      singularName: type.singular,
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: OBJECT_VERBS,
    };
    if (type.shortNames.length > 0) entry.shortNames = type.shortNames;
    if (type.categories.length > 0) entry.categories = type.categories;
    resources.push(entry);
    for (const sub of subresourcesOf(type)) {
      const subEntry: Record<string, unknown> = { name: `${type.plural}/${sub.name}`, singularName: '', namespaced: type.namespaced, kind: sub.kind, verbs: sub.verbs };
      if (sub.group) subEntry.group = sub.group;
      if (sub.version) subEntry.version = sub.version;
      resources.push(subEntry);
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: apiVersionOf(types[0] as ResourceType), resources };
}

/** Returns the APIVersions object of `/api`. */
export function coreApiVersions(serverAddress: string): Record<string, unknown> {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }] };
}

/** Returns the APIGroup of `/apis/GROUP`, or undefined for an unknown group. */
export function apiGroup(registry: ResourceRegistry, group: string): Record<string, unknown> | undefined {
  const versions = registry.groupVersions().filter((entry) => entry.group === group && group !== '');
  const preferred = versions[0];
  if (!preferred) return undefined;
  const versionEntries = versions.map((entry) => ({ groupVersion: `${entry.group}/${entry.version}`, version: entry.version }));
  return { kind: 'APIGroup', apiVersion: 'v1', name: group, versions: versionEntries, preferredVersion: versionEntries[0] };
}

/** Returns the APIGroupList of `/apis`. */
export function apiGroupList(registry: ResourceRegistry): Record<string, unknown> {
  const groups = [...new Set(registry.groupVersions().map((entry) => entry.group).filter((group) => group !== ''))];
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: groups.map((group) => {
      const entry = apiGroup(registry, group) as Record<string, unknown>;
      return { name: entry.name, versions: entry.versions, preferredVersion: entry.preferredVersion };
    }),
  };
}
