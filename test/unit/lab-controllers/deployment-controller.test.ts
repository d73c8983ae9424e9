import { afterEach, describe, expect, it } from 'vitest';
import type { KubeObject } from '../../../src/lab/apiserver/kube-object.js';
import { podTemplateHash } from '../../../src/lab/cluster/pod-template-hash.js';
import type { ControllerHandle } from '../../../src/lab/controllers/controller-loop.js';
import { startControllers } from '../../../src/lab/controllers/start-controllers.js';
import type { LabRuntime } from '../../../src/lab/runtime/lab-runtime.js';
import { activePods, addNodes, createTestRuntime, deploymentManifest, errorLogs, eventMessages, kubeletPass, settle, type TestRuntime } from './controller-test-support.js';

let test: TestRuntime;
let controllers: ControllerHandle;

function start(seed = false): LabRuntime {
  test = createTestRuntime({ seed });
  if (!seed) addNodes(test.runtime);
  controllers = startControllers(test.runtime);
  return test.runtime;
}

afterEach(async () => {
  await controllers.stop();
  expect(errorLogs(test.logLines)).toEqual([]);
});

function replicaSetsOf(runtime: LabRuntime, name: string): KubeObject[] {
  return runtime.store.list('replicasets.apps', { namespace: 'default', labelSelector: `app=${name}` }).items;
}

function changeImage(runtime: LabRuntime, name: string, image: string): void {
  const deployment = runtime.store.get('deployments.apps', 'default', name);
  deployment.spec.template.spec.containers[0].image = image;
  runtime.store.update('deployments.apps', deployment);
}

describe('Deployment controller', () => {
  it('creates a ReplicaSet and pods for a new Deployment', async () => {
    const runtime = start();
    const created = runtime.store.create('deployments.apps', deploymentManifest('web', 2, { type: 'RollingUpdate' }));
    await settle(controllers, runtime);

    const replicaSets = replicaSetsOf(runtime, 'web');
    expect(replicaSets).toHaveLength(1);
    const replicaSet = replicaSets[0] as KubeObject;
    const hash = podTemplateHash(created.spec.template);
    expect(replicaSet.metadata.name).toBe(`web-${hash}`);
    expect(replicaSet.metadata.labels['pod-template-hash']).toBe(hash);
    expect(replicaSet.metadata.ownerReferences).toEqual([expect.objectContaining({ kind: 'Deployment', name: 'web', uid: created.metadata.uid, controller: true })]);
    expect(replicaSet.metadata.annotations['deployment.kubernetes.io/revision']).toBe('1');

    const pods = activePods(runtime, 'app=web');
    expect(pods).toHaveLength(2);
    for (const pod of pods) {
      expect(pod.metadata.name).toMatch(new RegExp(`^web-${hash}-[a-z0-9]{5}$`));
      expect(pod.metadata.labels['pod-template-hash']).toBe(hash);
      expect(pod.spec.nodeName).toBeTruthy();
    }

    const deployment = runtime.store.get('deployments.apps', 'default', 'web');
    expect(deployment.metadata.annotations['deployment.kubernetes.io/revision']).toBe('1');
    expect(deployment.status).toMatchObject({ observedGeneration: 1, replicas: 2, updatedReplicas: 2, readyReplicas: 2, availableReplicas: 2 });
    const conditions = Object.fromEntries(deployment.status.conditions.map((condition: KubeObject) => [condition.type, condition.reason]));
    expect(conditions).toEqual({ Available: 'MinimumReplicasAvailable', Progressing: 'NewReplicaSetAvailable' });
    expect(eventMessages(runtime, deployment, 'ScalingReplicaSet')).toEqual([`Scaled up replica set web-${hash} from 0 to 2`]);
    expect(eventMessages(runtime, replicaSet, 'SuccessfulCreate')).toHaveLength(2);
  });

  it('follows spec.replicas up and down', async () => {
    const runtime = start();
    runtime.store.create('deployments.apps', deploymentManifest('web', 1, { type: 'RollingUpdate' }));
    await settle(controllers, runtime);

    const deployment = runtime.store.get('deployments.apps', 'default', 'web');
    runtime.store.update('deployments.apps', { ...deployment, spec: { ...deployment.spec, replicas: 3 } });
    await settle(controllers, runtime);
    expect(activePods(runtime, 'app=web')).toHaveLength(3);
    expect(runtime.store.get('deployments.apps', 'default', 'web').status.availableReplicas).toBe(3);

    const scaled = runtime.store.get('deployments.apps', 'default', 'web');
    runtime.store.update('deployments.apps', { ...scaled, spec: { ...scaled.spec, replicas: 1 } });
    await settle(controllers, runtime);
    expect(activePods(runtime, 'app=web')).toHaveLength(1);
    expect(replicaSetsOf(runtime, 'web')).toHaveLength(1);
    expect(runtime.store.get('deployments.apps', 'default', 'web').status).toMatchObject({ replicas: 1, observedGeneration: 3 });
  });

  it('Recreate starts new pods only after the old ones are gone', async () => {
    const runtime = start();
    runtime.store.create('deployments.apps', deploymentManifest('db', 2, { type: 'Recreate' }));
    await settle(controllers, runtime);
    const [oldReplicaSet] = replicaSetsOf(runtime, 'db');

    changeImage(runtime, 'db', 'nginx:1.28');
    await settle(controllers, runtime, { kubelet: false });
    const pods = runtime.store.list('pods', { namespace: 'default', labelSelector: 'app=db' }).items;
    expect(pods).toHaveLength(2);
    expect(pods.every((pod) => pod.metadata.deletionTimestamp !== undefined)).toBe(true);
    expect(runtime.store.get('replicasets.apps', 'default', String(oldReplicaSet?.metadata.name)).spec.replicas).toBe(0);
    expect(replicaSetsOf(runtime, 'db')).toHaveLength(1);

    kubeletPass(runtime);
    await settle(controllers, runtime);
    const replicaSets = replicaSetsOf(runtime, 'db');
    expect(replicaSets).toHaveLength(2);
    const fresh = replicaSets.find((replicaSet) => replicaSet.metadata.uid !== oldReplicaSet?.metadata.uid) as KubeObject;
    expect(fresh.metadata.annotations['deployment.kubernetes.io/revision']).toBe('2');
    const running = activePods(runtime, 'app=db');
    expect(running).toHaveLength(2);
    expect(running.every((pod) => pod.spec.containers[0].image === 'nginx:1.28')).toBe(true);
    expect(runtime.store.get('deployments.apps', 'default', 'db').metadata.annotations['deployment.kubernetes.io/revision']).toBe('2');
  });

  it.each([
    { maxSurge: 1, maxUnavailable: 0, surge: 1, unavailable: 0 },
    { maxSurge: 0, maxUnavailable: 1, surge: 0, unavailable: 1 },
    { maxSurge: '25%', maxUnavailable: '25%', surge: 1, unavailable: 1 },
    { maxSurge: '50%', maxUnavailable: '0%', surge: 2, unavailable: 0 },
  ])('RollingUpdate keeps maxSurge $maxSurge and maxUnavailable $maxUnavailable', async ({ maxSurge, maxUnavailable, surge, unavailable }) => {
    const runtime = start();
    runtime.store.create('deployments.apps', deploymentManifest('web', 4, { type: 'RollingUpdate', rollingUpdate: { maxSurge, maxUnavailable } }));
    await settle(controllers, runtime);

    changeImage(runtime, 'web', 'nginx:1.28');
    let steps = 0;
    let peakPods = 0;
    let lowestReady = Infinity;
    for (;;) {
      await controllers.idle();
      // Terminating pods do not count toward maxSurge, as in Kubernetes.
      const pods = activePods(runtime, 'app=web');
      const ready = pods.filter((pod) => pod.status?.phase === 'Running');
      peakPods = Math.max(peakPods, pods.length);
      lowestReady = Math.min(lowestReady, ready.length);
      if (!kubeletPass(runtime)) break;
      steps += 1;
      expect(steps).toBeLessThan(40);
    }

    expect(peakPods).toBeLessThanOrEqual(4 + surge);
    expect(lowestReady).toBeGreaterThanOrEqual(4 - unavailable);
    const pods = activePods(runtime, 'app=web');
    expect(pods.map((pod) => pod.spec.containers[0].image)).toEqual(['nginx:1.28', 'nginx:1.28', 'nginx:1.28', 'nginx:1.28']);
    const deployment = runtime.store.get('deployments.apps', 'default', 'web');
    expect(deployment.status).toMatchObject({ replicas: 4, updatedReplicas: 4, availableReplicas: 4 });
  });

  it('adopts the seeded mysql ReplicaSet without a second one', async () => {
    const runtime = start(true);
    const before = runtime.store.get('deployments.apps', 'default', 'mysql');
    const podBefore = activePods(runtime, 'app=mysql')[0] as KubeObject;
    await settle(controllers, runtime);

    const replicaSets = replicaSetsOf(runtime, 'mysql');
    expect(replicaSets).toHaveLength(1);
    expect(replicaSets[0]?.metadata.name).toBe(`mysql-${podTemplateHash(before.spec.template)}`);
    const pods = activePods(runtime, 'app=mysql');
    expect(pods.map((pod) => pod.metadata.uid)).toEqual([podBefore.metadata.uid]);
    const after = runtime.store.get('deployments.apps', 'default', 'mysql');
    expect(after.metadata.resourceVersion).toBe(before.metadata.resourceVersion);
    expect(runtime.store.list('events', { namespace: 'default' }).items).toEqual([]);
  });

  it('rolls out nothing while paused', async () => {
    const runtime = start();
    runtime.store.create('deployments.apps', deploymentManifest('web', 1, { type: 'RollingUpdate' }));
    await settle(controllers, runtime);
    const deployment = runtime.store.get('deployments.apps', 'default', 'web');
    runtime.store.update('deployments.apps', { ...deployment, spec: { ...deployment.spec, paused: true } });
    changeImage(runtime, 'web', 'nginx:1.28');
    await settle(controllers, runtime);

    expect(replicaSetsOf(runtime, 'web')).toHaveLength(1);
    const progressing = runtime.store.get('deployments.apps', 'default', 'web').status.conditions.find((condition: KubeObject) => condition.type === 'Progressing');
    expect(progressing).toMatchObject({ status: 'Unknown', reason: 'DeploymentPaused' });

    const paused = runtime.store.get('deployments.apps', 'default', 'web');
    runtime.store.update('deployments.apps', { ...paused, spec: { ...paused.spec, paused: false } });
    await settle(controllers, runtime);
    expect(replicaSetsOf(runtime, 'web')).toHaveLength(2);
    expect(activePods(runtime, 'app=web').map((pod) => pod.spec.containers[0].image)).toEqual(['nginx:1.28']);
  });
});
