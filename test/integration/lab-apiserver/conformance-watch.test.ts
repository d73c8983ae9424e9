import { afterEach, beforeEach, describe, it, expect } from 'vitest';
import { jsonBody, readWatchEvents, requestJson, startSmallLab, type SmallLab } from './http-support.js';

const podsPath = '/api/v1/namespaces/default/pods';

function pod(name: string, labels: Record<string, string>, nodeName?: string): Record<string, unknown> {
  return { metadata: { name, namespace: 'default', labels }, spec: { ...(nodeName ? { nodeName } : {}), containers: [{ name: 'c', image: 'busybox:1' }] } };
}

describe('lab apiserver watch', () => {
  let lab: SmallLab;
  beforeEach(async () => {
    lab = await startSmallLab({ historySize: 5 });
  });
  afterEach(async () => {
    await lab.server.close();
  });

  it('streams events after a resourceVersion with selector transitions', async () => {
    const start = lab.store.resourceVersion;
    const url = `${lab.server.url}${podsPath}?watch=true&resourceVersion=${start}&labelSelector=app%3Dmysql`;
    const watching = readWatchEvents(url, (events) => events.length >= 3);
    const created = lab.store.create('pods', pod('a', { app: 'mysql' }));
    lab.store.create('pods', pod('other', { app: 'web' }));
    const relabelled = lab.store.update('pods', { ...created, metadata: { ...created.metadata, labels: { app: 'web' } } });
    lab.store.update('pods', { ...relabelled, metadata: { ...relabelled.metadata, labels: { app: 'mysql' } } });
    const { status, events } = await watching;
    expect(status).toBe(200);
    expect(events.map((event) => `${event.type} ${event.object.metadata.name}`)).toEqual(['ADDED a', 'DELETED a', 'ADDED a']);
  });

  it('sends current objects first without a resourceVersion', async () => {
    lab.store.create('pods', pod('existing', {}));
    const { events } = await readWatchEvents(`${lab.server.url}${podsPath}?watch=true`, (received) => received.length >= 1);
    expect(events[0]).toMatchObject({ type: 'ADDED', object: { metadata: { name: 'existing' } } });
  });

  it('answers 410 Gone for a resourceVersion out of the window', async () => {
    const start = lab.store.resourceVersion;
    for (const name of ['a', 'b', 'c', 'd', 'e', 'f']) lab.store.create('pods', pod(name, {}));
    const { status, events } = await readWatchEvents(`${lab.server.url}${podsPath}?watch=true&resourceVersion=${start}`, () => true);
    expect(status).toBe(410);
    expect(events[0]).toMatchObject({ kind: 'Status', code: 410, reason: 'Expired' });
  });

  it('sends an ERROR 410 event on compaction', async () => {
    const url = `${lab.server.url}${podsPath}?watch=true&resourceVersion=${lab.store.resourceVersion}`;
    const watching = readWatchEvents(url, (events) => events.some((event) => event.type === 'ERROR'));
    await new Promise((resolve) => setTimeout(resolve, 100));
    lab.store.compact();
    const { events } = await watching;
    expect(events.at(-1)).toMatchObject({ type: 'ERROR', object: { kind: 'Status', code: 410 } });
  });

  it('sends bookmarks and ends at timeoutSeconds', async () => {
    const url = `${lab.server.url}${podsPath}?watch=true&resourceVersion=${lab.store.resourceVersion}&allowWatchBookmarks=true&timeoutSeconds=1`;
    const started = Date.now();
    const { events } = await readWatchEvents(url, () => false, 5000);
    expect(Date.now() - started).toBeLessThan(3000);
    expect(events.length).toBeGreaterThan(0);
    expect(events[0]).toMatchObject({ type: 'BOOKMARK', object: { kind: 'Pod', metadata: { resourceVersion: lab.store.resourceVersion } } });
  });
});

describe('lab apiserver Table and deletion', () => {
  let lab: SmallLab;
  beforeEach(async () => {
    lab = await startSmallLab();
  });
  afterEach(async () => {
    await lab.server.close();
  });

  it('returns a Table when kubectl asks for one', async () => {
    lab.store.create('pods', pod('p', { app: 'mysql' }));
    const accept = 'application/json;as=Table;v=v1;g=meta.k8s.io,application/json';
    const partial = await requestJson(`${lab.server.url}${podsPath}`, { headers: { Accept: accept } });
    expect(partial.contentType).toContain('as=Table');
    expect(partial.body.kind).toBe('Table');
    expect(partial.body.columnDefinitions[1].name).toBe('Ready');
    expect(partial.body.rows[0].cells.slice(0, 3)).toEqual(['p', '0/1', 'Pending']);
    expect(partial.body.rows[0].object.kind).toBe('PartialObjectMetadata');
    const full = await requestJson(`${lab.server.url}${podsPath}?includeObject=Object`, { headers: { Accept: accept } });
    expect(full.body.rows[0].object.spec.containers[0].name).toBe('c');
  });

  it('deletes a pod gracefully, then at grace period 0', async () => {
    const created = lab.store.create('pods', pod('g', {}, 'node-1'));
    const wrongUid = await requestJson(`${lab.server.url}${podsPath}/g`, jsonBody('DELETE', { preconditions: { uid: 'x' } }));
    expect(wrongUid.status).toBe(409);
    const graceful = await requestJson(`${lab.server.url}${podsPath}/g`, jsonBody('DELETE', { preconditions: { uid: created.metadata.uid } }));
    expect(graceful.status).toBe(200);
    expect(graceful.body.metadata.deletionGracePeriodSeconds).toBe(30);
    expect(lab.store.find('pods', 'default', 'g')?.metadata.deletionTimestamp).toBeDefined();
    const immediate = await requestJson(`${lab.server.url}${podsPath}/g?gracePeriodSeconds=0`, { method: 'DELETE' });
    expect(immediate.status).toBe(200);
    expect(lab.store.find('pods', 'default', 'g')).toBeUndefined();
  });

  it('returns a Success Status when a ConfigMap is deleted', async () => {
    lab.store.create('configmaps', { metadata: { name: 'c', namespace: 'default' } });
    const { body } = await requestJson(`${lab.server.url}/api/v1/namespaces/default/configmaps/c`, { method: 'DELETE' });
    expect(body).toMatchObject({ kind: 'Status', status: 'Success', details: { name: 'c', kind: 'configmaps' } });
  });
});
