import { createHash } from 'node:crypto';
import { PATCH_MEDIA_TYPES } from './patch.js';
import { LAB_VERSION_INFO } from './discovery.js';
import type { ResourceRegistry, ResourceType } from './resources.js';

/**
 * Minimal OpenAPI v3 documents, served so kubectl chooses server-side field validation.
 *
 * kubectl with `--validate=strict`, the default (checked with kubectl 1.33), reads `GET /openapi/v3`, follows
 * `paths["api/v1"]` or `paths["apis/GROUP/VERSION"]`.serverRelativeURL to the group version's
 * document, and looks for a PATCH operation whose `x-kubernetes-group-version-kind` names the
 * object's kind. When that operation declares the `fieldValidation` query parameter, kubectl skips
 * its client-side schema check and sends `?fieldValidation=Strict`. Without these documents it
 * falls back to `/openapi/v2` and fails when that is missing too.
 *
 * The documents carry no object schemas on purpose: kubectl's client-side apply builds a strategic
 * merge patch from any component schema tagged with the kind, and a schema without patch strategies
 * would produce wrong patches. With none, kubectl uses its compiled-in types.
 */

const OPENAPI_PREFIX = '/openapi/v3';

/** Returns the relative API path of a group version as the discovery root keys it: `api/v1`, `apis/apps/v1`. */
export function groupVersionPath(group: string, version: string): string {
  return group === '' ? `api/${version}` : `apis/${group}/${version}`;
}

/** Builds the OpenAPI v3 discovery root (`GET /openapi/v3`). */
export function openApiV3Root(registry: ResourceRegistry): Record<string, unknown> {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const { group, version } of registry.groupVersions()) {
    const path = groupVersionPath(group, version);
    const hash = documentHash(openApiV3Document(registry, group, version) ?? {});
    paths[path] = { serverRelativeURL: `${OPENAPI_PREFIX}/${path}?hash=${hash}` };
  }
  return { paths };
}

/**
 * Resolves `/openapi/v3/api/v1` or `/openapi/v3/apis/GROUP/VERSION` to its document. Returns
 * undefined for any other path or an unknown group version.
 */
export function openApiV3DocumentAt(registry: ResourceRegistry, pathname: string): Record<string, unknown> | undefined {
  if (!pathname.startsWith(`${OPENAPI_PREFIX}/`)) return undefined;
  const segments = pathname.slice(OPENAPI_PREFIX.length + 1).split('/');
  if (segments[0] === 'api' && segments.length === 2) return openApiV3Document(registry, '', segments[1] as string);
  if (segments[0] === 'apis' && segments.length === 3) return openApiV3Document(registry, segments[1] as string, segments[2] as string);
  return undefined;
}

/** Builds the document of one group version: create, replace and patch operations of each kind. */
export function openApiV3Document(registry: ResourceRegistry, group: string, version: string): Record<string, unknown> | undefined {
  const types = registry.all().filter((type) => type.group === group && type.version === version);
  if (types.length === 0) return undefined;
  const paths: Record<string, unknown> = {};
  for (const type of types) {
    const prefix = `/${groupVersionPath(group, version)}`;
    const scope = type.namespaced ? '/namespaces/{namespace}' : '';
    paths[`${prefix}${scope}/${type.plural}`] = { post: writeOperation(type, 'create', 'post', ['application/json']) };
    paths[`${prefix}${scope}/${type.plural}/{name}`] = {
      put: writeOperation(type, 'replace', 'put', ['application/json']),
      patch: writeOperation(type, 'patch', 'patch', patchMediaTypes(type)),
    };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: LAB_VERSION_INFO.gitVersion },
    paths,
    components: { schemas: {} },
  };
}

function patchMediaTypes(type: ResourceType): string[] {
  const types: string[] = [PATCH_MEDIA_TYPES.json, PATCH_MEDIA_TYPES.merge];
  if (type.strategicMergePatch) types.push(PATCH_MEDIA_TYPES.strategic);
  return types;
}

function writeOperation(type: ResourceType, verb: string, action: string, bodyMediaTypes: string[]): Record<string, unknown> {
  const content: Record<string, unknown> = {};
  for (const mediaType of bodyMediaTypes) content[mediaType] = { schema: { type: 'object' } };
  return {
    operationId: `${verb}${operationGroupName(type)}${type.namespaced ? 'Namespaced' : ''}${type.kind}`,
    parameters: [
      {
        name: 'fieldValidation',
        in: 'query',
        description: 'How the server treats unknown fields in the request body: Ignore, Warn (the default) or Strict.',
        schema: { type: 'string', uniqueItems: true },
      },
      { name: 'fieldManager', in: 'query', schema: { type: 'string', uniqueItems: true } },
    ],
    requestBody: { content, required: true },
    responses: { '200': { description: 'OK' } },
    'x-kubernetes-action': action,
    'x-kubernetes-group-version-kind': { group: type.group, version: type.version, kind: type.kind },
  };
}

/** Returns the group part of an operation id as Kubernetes writes it: `CoreV1`, `AppsV1`, `StorageV1`. */
function operationGroupName(type: ResourceType): string {
  const group = type.group === '' ? 'core' : type.group.replace(/\.k8s\.io$/, '');
  const words = group.split(/[.-]/).map((word) => word.charAt(0).toUpperCase() + word.slice(1));
  return `${words.join('')}${type.version.charAt(0).toUpperCase()}${type.version.slice(1)}`;
}

/** Returns the content hash that the discovery root puts in each `serverRelativeURL`, as the apiserver does. */
function documentHash(document: Record<string, unknown>): string {
  return createHash('sha512').update(JSON.stringify(document)).digest('hex').toUpperCase();
}
