import { describe, expect, it } from 'vitest';
import { openApiV3DocumentAt, openApiV3Root } from '../../../src/lab/apiserver/openapi-v3.js';
import { createDefaultRegistry, type ResourceType } from '../../../src/lab/apiserver/resources.js';

const registry = createDefaultRegistry();

function documentPath(type: ResourceType): string {
  return type.group === '' ? `api/${type.version}` : `apis/${type.group}/${type.version}`;
}

/** Returns the PATCH operations of a document, as kubectl's field-validation check scans them. */
function patchOperations(document: any): any[] {
  return Object.values(document.paths as Record<string, any>).flatMap((item) => (item.patch ? [item.patch] : []));
}

describe('OpenAPI v3 documents', () => {
  it('lists every group version in the root', () => {
    const root = openApiV3Root(registry) as { paths: Record<string, { serverRelativeURL: string }> };
    expect(Object.keys(root.paths).sort()).toEqual(registry.groupVersions().map(({ group, version }) => (group === '' ? `api/${version}` : `apis/${group}/${version}`)).sort());
    expect(root.paths['apis/apps/v1']?.serverRelativeURL).toMatch(/^\/openapi\/v3\/apis\/apps\/v1\?hash=[0-9A-F]{128}$/);
  });

  it('serves the document behind each root URL', () => {
    const root = openApiV3Root(registry) as { paths: Record<string, { serverRelativeURL: string }> };
    for (const entry of Object.values(root.paths)) {
      const pathname = new URL(entry.serverRelativeURL, 'http://lab.invalid').pathname;
      expect(openApiV3DocumentAt(registry, pathname)).toBeDefined();
    }
  });

  it('declares fieldValidation on each kind', () => {
    for (const type of registry.all()) {
      const document = openApiV3DocumentAt(registry, `/openapi/v3/${documentPath(type)}`);
      const patch = patchOperations(document).find((operation) => operation['x-kubernetes-group-version-kind'].kind === type.kind);
      expect(patch, type.kind).toBeDefined();
      expect(patch['x-kubernetes-group-version-kind']).toEqual({ group: type.group, version: type.version, kind: type.kind });
      expect(patch.parameters).toContainEqual(expect.objectContaining({ name: 'fieldValidation', in: 'query' }));
    }
  });

  it('offers strategic merge patch for built-in kinds only', () => {
    const core = openApiV3DocumentAt(registry, '/openapi/v3/api/v1') as any;
    const stork = openApiV3DocumentAt(registry, '/openapi/v3/apis/volumesnapshot.external-storage.k8s.io/v1') as any;
    expect(Object.keys(patchOperations(core)[0].requestBody.content)).toContain('application/strategic-merge-patch+json');
    expect(Object.keys(patchOperations(stork)[0].requestBody.content)).not.toContain('application/strategic-merge-patch+json');
  });

  it('returns undefined for unknown paths', () => {
    expect(openApiV3DocumentAt(registry, '/openapi/v3/apis/batch/v1')).toBeUndefined();
    expect(openApiV3DocumentAt(registry, '/openapi/v3/apis/apps')).toBeUndefined();
    expect(openApiV3DocumentAt(registry, '/openapi/v2')).toBeUndefined();
  });
});
