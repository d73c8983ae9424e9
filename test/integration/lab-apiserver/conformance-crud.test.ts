import { afterAll, beforeAll, describe, it, expect } from 'vitest';
import { jsonBody, requestJson, startSmallLab, type SmallLab } from './http-support.js';

const configMapPath = '/api/v1/namespaces/default/configmaps';
const deploymentPath = '/apis/apps/v1/namespaces/default/deployments';

const deployment = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'mysql' },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: 'mysql' } },
    template: {
      metadata: { labels: { app: 'mysql' } },
      spec: { containers: [{ name: 'mysql', image: 'mysql:5.6', env: [{ name: 'A', value: '1' }] }, { name: 'sidecar', image: 'busybox:1' }] },
    },
  },
};

function expectStatus(body: any, code: number, reason: string): void {
  expect(body.kind).toBe('Status');
  expect(body.apiVersion).toBe('v1');
  expect(body.status).toBe('Failure');
  expect(body.code).toBe(code);
  expect(body.reason).toBe(reason);
  expect(typeof body.message).toBe('string');
}

describe('lab apiserver discovery', () => {
  let lab: SmallLab;
  beforeAll(async () => {
    lab = await startSmallLab();
  });
  afterAll(async () => {
    await lab.server.close();
  });

  it('reports a GKE 1.33 version', async () => {
    const { body } = await requestJson(`${lab.server.url}/version`);
    expect(body.gitVersion).toBe('v1.33.5-gke.1201000');
    expect(body.minor).toBe('33');
  });

  it('lists core resources with verbs and subresources', async () => {
    const { body } = await requestJson(`${lab.server.url}/api/v1`);
    const pods = body.resources.find((resource: any) => resource.name === 'pods');
    expect(pods).toMatchObject({ kind: 'Pod', namespaced: true, singularName: 'pod', shortNames: ['po'] });
    expect(pods.verbs).toContain('watch');
    expect(body.resources.map((resource: any) => resource.name)).toEqual(expect.arrayContaining(['pods/exec', 'pods/log', 'pods/status', 'nodes', 'persistentvolumeclaims']));
  });

  it('lists every API group', async () => {
    const { body } = await requestJson(`${lab.server.url}/apis`);
    expect(body.kind).toBe('APIGroupList');
    expect(body.groups.map((group: any) => group.name)).toEqual([
      'apps',
      'storage.k8s.io',
      'policy',
      'rbac.authorization.k8s.io',
      'snapshot.storage.k8s.io',
      'volumesnapshot.external-storage.k8s.io',
    ]);
    const stork = await requestJson(`${lab.server.url}/apis/volumesnapshot.external-storage.k8s.io/v1`);
    expect(stork.body.resources.map((resource: any) => resource.name)).toEqual(['volumesnapshots', 'volumesnapshotdatas']);
  });
});

describe('lab apiserver CRUD errors', () => {
  let lab: SmallLab;
  beforeAll(async () => {
    lab = await startSmallLab();
  });
  afterAll(async () => {
    await lab.server.close();
  });

  it('returns 404 NotFound as a Status', async () => {
    const { status, body } = await requestJson(`${lab.server.url}${configMapPath}/missing`);
    expect(status).toBe(404);
    expectStatus(body, 404, 'NotFound');
    expect(body.message).toBe('configmaps "missing" not found');
    expect(body.details).toEqual({ name: 'missing', group: '', kind: 'configmaps' });
  });

  it('returns 409 AlreadyExists for a duplicate', async () => {
    const first = await requestJson(`${lab.server.url}${configMapPath}`, jsonBody('POST', { metadata: { name: 'dup' } }));
    expect(first.status).toBe(201);
    const second = await requestJson(`${lab.server.url}${configMapPath}`, jsonBody('POST', { metadata: { name: 'dup' } }));
    expect(second.status).toBe(409);
    expectStatus(second.body, 409, 'AlreadyExists');
  });

  it('returns 409 Conflict for a stale update', async () => {
    const created = (await requestJson(`${lab.server.url}${configMapPath}`, jsonBody('POST', { metadata: { name: 'stale' }, data: { a: '1' } }))).body;
    const fresh = await requestJson(`${lab.server.url}${configMapPath}/stale`, jsonBody('PUT', { ...created, data: { a: '2' } }));
    expect(fresh.status).toBe(200);
    expect(Number(fresh.body.metadata.resourceVersion)).toBeGreaterThan(Number(created.metadata.resourceVersion));
    const stale = await requestJson(`${lab.server.url}${configMapPath}/stale`, jsonBody('PUT', { ...created, data: { a: '3' } }));
    expect(stale.status).toBe(409);
    expectStatus(stale.body, 409, 'Conflict');
  });

  it('returns 422 Invalid with causes', async () => {
    const { status, body } = await requestJson(`${lab.server.url}${deploymentPath}`, jsonBody('POST', { ...deployment, spec: { ...deployment.spec, selector: { matchLabels: { app: 'other' } } } }));
    expect(status).toBe(422);
    expectStatus(body, 422, 'Invalid');
    expect(body.details.causes[0].field).toBe('spec.template.metadata.labels');
  });

  it('returns 400 for a namespace mismatch and 405 for PUT on a collection', async () => {
    const mismatch = await requestJson(`${lab.server.url}${configMapPath}`, jsonBody('POST', { metadata: { name: 'x', namespace: 'other' } }));
    expect(mismatch.status).toBe(400);
    expectStatus(mismatch.body, 400, 'BadRequest');
    const collectionPut = await requestJson(`${lab.server.url}${configMapPath}`, jsonBody('PUT', {}));
    expect(collectionPut.status).toBe(405);
    expectStatus(collectionPut.body, 405, 'MethodNotAllowed');
  });

  it('rejects dryRun writes with 400', async () => {
    const { status, body } = await requestJson(`${lab.server.url}${configMapPath}?dryRun=All`, jsonBody('POST', { metadata: { name: 'dry' } }));
    expect(status).toBe(400);
    expectStatus(body, 400, 'BadRequest');
    expect(lab.store.find('configmaps', 'default', 'dry')).toBeUndefined();
  });

  it('returns 415 for a PATCH with plain JSON', async () => {
    await requestJson(`${lab.server.url}${configMapPath}`, jsonBody('POST', { metadata: { name: 'media' } }));
    const { status, body } = await requestJson(`${lab.server.url}${configMapPath}/media`, jsonBody('PATCH', { data: { a: '1' } }, 'application/json'));
    expect(status).toBe(415);
    expectStatus(body, 415, 'UnsupportedMediaType');
  });
});

describe('lab apiserver PATCH', () => {
  let lab: SmallLab;
  beforeAll(async () => {
    lab = await startSmallLab();
    await requestJson(`${lab.server.url}${deploymentPath}`, jsonBody('POST', deployment));
  });
  afterAll(async () => {
    await lab.server.close();
  });

  it('applies a merge patch and bumps generation', async () => {
    const { status, body } = await requestJson(`${lab.server.url}${deploymentPath}/mysql`, jsonBody('PATCH', { spec: { replicas: 0 } }, 'application/merge-patch+json'));
    expect(status).toBe(200);
    expect(body.spec.replicas).toBe(0);
    expect(body.metadata.generation).toBe(2);
  });

  it('applies a strategic merge patch to one container', async () => {
    const patch = { spec: { template: { spec: { containers: [{ name: 'mysql', image: 'mysql:5.7' }] } } } };
    const { body } = await requestJson(`${lab.server.url}${deploymentPath}/mysql`, jsonBody('PATCH', patch, 'application/strategic-merge-patch+json'));
    expect(body.spec.template.spec.containers.map((container: any) => `${container.name}=${container.image}`)).toEqual(['mysql=mysql:5.7', 'sidecar=busybox:1']);
    expect(body.spec.template.spec.containers[0].env).toEqual([{ name: 'A', value: '1' }]);
  });

  it('applies a JSON patch and rejects a failed test', async () => {
    const ok = await requestJson(`${lab.server.url}${deploymentPath}/mysql`, jsonBody('PATCH', [{ op: 'replace', path: '/spec/replicas', value: 1 }], 'application/json-patch+json'));
    expect(ok.body.spec.replicas).toBe(1);
    const failed = await requestJson(`${lab.server.url}${deploymentPath}/mysql`, jsonBody('PATCH', [{ op: 'test', path: '/spec/replicas', value: 5 }], 'application/json-patch+json'));
    expect(failed.status).toBe(422);
    expectStatus(failed.body, 422, 'Invalid');
  });

  it('conflicts when a patch carries a stale resourceVersion', async () => {
    const patch = { metadata: { resourceVersion: '1' }, spec: { replicas: 2 } };
    const { status } = await requestJson(`${lab.server.url}${deploymentPath}/mysql`, jsonBody('PATCH', patch, 'application/merge-patch+json'));
    expect(status).toBe(409);
  });

  it('patches status only through /status', async () => {
    const ignored = await requestJson(`${lab.server.url}${deploymentPath}/mysql`, jsonBody('PATCH', { status: { replicas: 9 } }, 'application/merge-patch+json'));
    expect(ignored.body.status?.replicas).toBeUndefined();
    const applied = await requestJson(`${lab.server.url}${deploymentPath}/mysql/status`, jsonBody('PATCH', { status: { replicas: 1, readyReplicas: 1 } }, 'application/merge-patch+json'));
    expect(applied.body.status).toEqual({ replicas: 1, readyReplicas: 1 });
  });

  it('scales through the scale subresource', async () => {
    const scaled = await requestJson(`${lab.server.url}${deploymentPath}/mysql/scale`, jsonBody('PATCH', { spec: { replicas: 3 } }, 'application/merge-patch+json'));
    expect(scaled.body).toMatchObject({ kind: 'Scale', apiVersion: 'autoscaling/v1', spec: { replicas: 3 }, status: { selector: 'app=mysql' } });
    expect(lab.store.get('deployments.apps', 'default', 'mysql').spec.replicas).toBe(3);
  });
});
