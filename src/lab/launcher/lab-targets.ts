import { writeFile } from 'node:fs/promises';
import { stringify } from 'yaml';
import type { LabWorkspace } from '../slack/workspace.js';
import { labRoleAssignments } from '../slack/workspace.js';

/** Name of the lab's one target: the `mysql` Deployment on `px-mysql-pvc` in the default namespace. */
export const LAB_TARGET = 'orders-db';

/** Writes the bot's targets file for the lab: one target on the lab cluster, roles from the workspace. */
export async function writeLabTargets(
  path: string,
  options: {
    kubeconfigPath: string;
    workspace: LabWorkspace;
    snapshotApi?: 'csi' | 'stork';
    health?: { alertAfterSeconds: number; incidentAfterSeconds: number };
  },
): Promise<void> {
  const ops = options.workspace.defaultChannel.id;
  const document = {
    defaultTarget: LAB_TARGET,
    roles: { users: labRoleAssignments(options.workspace) },
    // Incident channels invite the on-call group (the operator and the admin) and the approver by id.
    onCall: { users: [approverOf(options.workspace)], groups: options.workspace.userGroups.map((group) => group.id) },
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
        // Short enough that `lab node down` raises an alert before the lab evicts the pod (20 s by default).
        health: options.health ?? { alertAfterSeconds: 3, incidentAfterSeconds: 60 },
      },
    },
  };
  await writeFile(path, `# Written by \`pxmysql lab\` on every start.\n${stringify(document)}`);
}

function approverOf(workspace: LabWorkspace): string {
  const approver = workspace.users.find((user) => user.role === 'approver');
  if (!approver) throw new Error('the lab workspace has no user with the approver role');
  return approver.id;
}
