import type { ResourceRegistry, ResourceType } from './resources.js';

/** A request path under `/api/v1` or `/apis/GROUP/VERSION`, resolved against the registry. */
export type ApiPath =
  | { kind: 'group-version'; group: string; version: string }
  | { kind: 'resource'; type: ResourceType; namespace: string | undefined; name: string | undefined; subresource: string | undefined }
  | { kind: 'unknown' };

/**
 * Parses `/api/v1/...` and `/apis/GROUP/VERSION/...` paths: collections (`pods`), namespaced
 * collections (`namespaces/NS/pods`), objects and subresources (`namespaces/NS/pods/NAME/exec`).
 * Returns undefined for paths outside both prefixes.
 */
export function parseApiPath(pathname: string, registry: ResourceRegistry): ApiPath | undefined {
  const segments = pathname.split('/').filter((segment) => segment !== '').map(decodeURIComponent);
  let group: string;
  let version: string;
  let rest: string[];
  if (segments[0] === 'api' && segments.length >= 2) {
    group = '';
    version = segments[1] as string;
    rest = segments.slice(2);
  } else if (segments[0] === 'apis' && segments.length >= 3) {
    group = segments[1] as string;
    version = segments[2] as string;
    rest = segments.slice(3);
  } else {
    return undefined;
  }
  if (rest.length === 0) return { kind: 'group-version', group, version };

  const namespacedType = rest[0] === 'namespaces' && rest.length >= 3 ? registry.find(group, version, rest[2] as string) : undefined;
  if (namespacedType?.namespaced) {
    if (rest.length > 5) return { kind: 'unknown' };
    return { kind: 'resource', type: namespacedType, namespace: rest[1], name: rest[3], subresource: rest[4] };
  }
  const type = registry.find(group, version, rest[0] as string);
  if (!type || rest.length > 3) return { kind: 'unknown' };
  // A namespaced type without a namespace is only valid as a collection (list across namespaces).
  if (type.namespaced && rest.length > 1) return { kind: 'unknown' };
  return { kind: 'resource', type, namespace: undefined, name: rest[1], subresource: rest[2] };
}
