import type { KubeConfig } from '@kubernetes/client-node';
import type { AppConfig } from '../config/app-config.js';
import type { TargetConfig } from '../config/targets-schema.js';
import { PxmysqlError } from '../errors.js';
import { loadKubeConfig } from '../kube/kube-config.js';

/** Loads each target's KubeConfig on first use and keeps it for the life of the process. */
export class TargetClusters {
  private readonly kubeConfigs = new Map<string, KubeConfig>();

  constructor(private readonly config: AppConfig) {}

  target(name: string): TargetConfig {
    const target = this.config.targets[name];
    if (target === undefined) throw new PxmysqlError('unknown_target', `target ${name} is not configured in ${this.config.targetsFile}`);
    return target;
  }

  kubeConfig(name: string): KubeConfig {
    let kubeConfig = this.kubeConfigs.get(name);
    if (kubeConfig === undefined) {
      kubeConfig = loadKubeConfig(this.target(name).cluster);
      this.kubeConfigs.set(name, kubeConfig);
    }
    return kubeConfig;
  }
}
