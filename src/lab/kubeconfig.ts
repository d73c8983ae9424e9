import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { KubeConfig } from '@kubernetes/client-node';
import { stringify } from 'yaml';

export const LAB_KUBECONFIG_CLUSTER = 'gke-px-lab';
export const LAB_KUBECONFIG_CONTEXT = 'pxmysql-lab';
export const LAB_KUBECONFIG_USER = 'pxmysql-lab-user';

/**
 * Builds the kubeconfig document of the lab. The lab apiserver speaks plain HTTP and checks no
 * credentials; `insecure-skip-tls-verify` is set because client-node refuses an `http://` server
 * without it.
 */
export function labKubeconfigDocument(serverUrl: string): Record<string, unknown> {
  return {
    apiVersion: 'v1',
    kind: 'Config',
    preferences: {},
    clusters: [{ name: LAB_KUBECONFIG_CLUSTER, cluster: { server: serverUrl, 'insecure-skip-tls-verify': true } }],
    users: [{ name: LAB_KUBECONFIG_USER, user: {} }],
    contexts: [{ name: LAB_KUBECONFIG_CONTEXT, context: { cluster: LAB_KUBECONFIG_CLUSTER, user: LAB_KUBECONFIG_USER, namespace: 'default' } }],
    'current-context': LAB_KUBECONFIG_CONTEXT,
  };
}

/** Writes the lab kubeconfig as YAML (mode 0600), creating the directory if needed. */
export async function writeLabKubeconfig(path: string, serverUrl: string): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, stringify(labKubeconfigDocument(serverUrl)), { mode: 0o600 });
}

/** Returns a client-node KubeConfig for the lab apiserver, for in-process clients. */
export function labKubeConfig(serverUrl: string): KubeConfig {
  const config = new KubeConfig();
  config.loadFromString(JSON.stringify(labKubeconfigDocument(serverUrl)));
  return config;
}
