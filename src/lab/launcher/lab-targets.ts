import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import type { LabWorkspace } from '../slack/workspace.js';
import { labRoleAssignments } from '../slack/workspace.js';

/** Name of the lab's one target: the `mysql` Deployment on `px-mysql-pvc` in the default namespace. */
export const LAB_TARGET = 'orders-db';

/** Writes the bot's targets file for the lab: one target on the lab cluster, roles from the workspace. */
export async function writeLabTargets(
  path: string,
  options: { kubeconfigPath: string; workspace: LabWorkspace; snapshotApi?: 'csi' | 'stork' },
): Promise<void> {
  const ops = options.workspace.defaultChannel.id;
  const document = {
    defaultTarget: LAB_TARGET,
    roles: { users: labRoleAssignments(options.workspace) },
    targets: {
      [LAB_TARGET]: {
        cluster: { kubeconfig: options.kubeconfigPath, context: 'pxmysql-lab' },
        namespace: 'default',
        deployment: 'mysql',
        pvc: 'px-mysql-pvc',
        service: 'mysql',
        rootPasswordSecret: { name: 'mysql-root', key: 'password' },
        portworx: { namespace: 'kube-system', labelSelector: 'name=portworx' },
        channels: [ops],
        snapshots: { api: options.snapshotApi ?? 'stork', volumeSnapshotClass: 'px-csi-snapclass' },
      },
    },
  };
  await writeFile(path, `# Written by \`pxmysql lab\` on every start.\n${stringify(document)}`);
}
