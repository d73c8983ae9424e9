import { AppsV1Api, CoreV1Api, type KubeConfig, type V1Node } from '@kubernetes/client-node';
import type { TargetConfig } from '../config/targets-schema.js';
import { deploymentLabelSelector, listPods } from '../kube/deployment-pods.js';
import { isNotFound, toKubeError } from '../kube/kube-errors.js';
import { evaluateTargetHealth, type TargetHealth } from './target-health.js';

/**
 * Reads the target's Deployment, its pods (through the Deployment's selector) and the nodes they
 * are bound to, and evaluates them. A node that is not found counts as not Ready.
 */
export async function readTargetHealth(kubeConfig: KubeConfig, target: Pick<TargetConfig, 'namespace' | 'deployment'>): Promise<TargetHealth> {
  const apps = kubeConfig.makeApiClient(AppsV1Api);
  const core = kubeConfig.makeApiClient(CoreV1Api);
  const deployment = await apps
    .readNamespacedDeployment({ name: target.deployment, namespace: target.namespace })
    .catch((error: unknown) => Promise.reject(toKubeError(error, `Deployment ${target.namespace}/${target.deployment}`)));
  // The Deployment was just read, so the selector helper gets it without a second request.
  const selector = await deploymentLabelSelector({ readNamespacedDeployment: async () => deployment }, target.namespace, target.deployment);
  const { items: pods } = await listPods(core, target.namespace, selector);

  const nodeNames = [...new Set(pods.map((pod) => pod.spec?.nodeName).filter((name): name is string => name !== undefined))];
  const nodes = new Map<string, V1Node>();
  for (const name of nodeNames) {
    try {
      nodes.set(name, await core.readNode({ name }));
    } catch (error) {
      if (!isNotFound(error)) throw toKubeError(error, `node ${name}`);
    }
  }
  // Kubernetes defaults an unset `spec.replicas` to 1.
  return evaluateTargetHealth(pods, nodes, deployment.spec?.replicas ?? 1);
}
