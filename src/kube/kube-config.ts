import { KubeConfig } from '@kubernetes/client-node';
import type { ClusterAccess } from '../config/targets-schema.js';
import { ConfigError } from '../errors.js';

/** Loads the KubeConfig for a target's cluster access: a kubeconfig file and context, or in-cluster. */
export function loadKubeConfig(access: ClusterAccess): KubeConfig {
  const kubeConfig = new KubeConfig();
  if ('inCluster' in access) {
    kubeConfig.loadFromCluster();
    return kubeConfig;
  }

  try {
    kubeConfig.loadFromFile(access.kubeconfig);
  } catch (error) {
    throw new ConfigError(`cannot load the kubeconfig ${access.kubeconfig}: ${(error as Error).message}`, error);
  }
  if (access.context !== undefined) {
    if (!kubeConfig.getContexts().some((context) => context.name === access.context)) {
      const known = kubeConfig.getContexts().map((context) => context.name).join(', ') || 'none';
      throw new ConfigError(`the kubeconfig ${access.kubeconfig} has no context "${access.context}" (contexts: ${known})`);
    }
    kubeConfig.setCurrentContext(access.context);
  }
  return kubeConfig;
}
