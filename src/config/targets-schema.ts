import { z } from 'zod';
import { ROLES, SLACK_CHANNEL_ID, SLACK_USER_GROUP_ID, SLACK_USER_ID, TARGET_NAME, kubernetesName, kubernetesNamespace } from './names.js';

const clusterAccess = z.union([
  z.strictObject({
    kubeconfig: z.string().min(1, 'must be the path of a kubeconfig file'),
    context: z.string().min(1).optional(),
  }),
  z.strictObject({ inCluster: z.literal(true) }),
]);

const target = z.strictObject({
  cluster: clusterAccess,
  namespace: kubernetesNamespace.default('default'),
  deployment: kubernetesName,
  pvc: kubernetesName,
  service: kubernetesName,
  rootPasswordSecret: z.strictObject({
    name: kubernetesName,
    key: z.string().regex(/^[-._a-zA-Z0-9]+$/, 'must be a Secret key: letters, digits, "-", "_" and "."'),
  }),
  portworx: z
    .strictObject({
      namespace: kubernetesNamespace.default('kube-system'),
      labelSelector: z.string().min(1).default('name=portworx'),
    })
    .default({ namespace: 'kube-system', labelSelector: 'name=portworx' }),
  channels: z.array(z.string().regex(SLACK_CHANNEL_ID, 'must be a Slack channel id such as C0123ABCD')).default([]),
  snapshots: z
    .strictObject({
      /** `csi`: snapshot.storage.k8s.io/v1 with a VolumeSnapshotClass; `stork`: STORK's volumesnapshot.external-storage.k8s.io/v1. */
      api: z.enum(['csi', 'stork']).default('stork'),
      volumeSnapshotClass: kubernetesName.default('px-csi-snapclass'),
      /** Hold FLUSH TABLES WITH READ LOCK while the snapshot is cut. */
      appConsistent: z.boolean().default(true),
      readyTimeoutSeconds: z.number().int().min(5).max(3600).default(300),
    })
    .default({ api: 'stork', volumeSnapshotClass: 'px-csi-snapclass', appConsistent: true, readyTimeoutSeconds: 300 }),
  expand: z
    .strictObject({ requireApproval: z.boolean().default(false) })
    .default({ requireApproval: false }),
});

const role = z.enum(ROLES);

export const targetsFileSchema = z.strictObject({
  defaultTarget: z.string().regex(TARGET_NAME).optional(),
  roles: z
    .strictObject({
      users: z.record(z.string().regex(SLACK_USER_ID, 'must be a Slack user id such as U0123ABCD'), role).default({}),
      groups: z.record(z.string().regex(SLACK_USER_GROUP_ID, 'must be a Slack user group id such as S0123ABCD'), role).default({}),
    })
    .default({ users: {}, groups: {} }),
  targets: z.record(z.string().regex(TARGET_NAME, 'must be a target name: lowercase letters, digits and "-"'), target),
});

export type TargetsFile = z.infer<typeof targetsFileSchema>;
export type TargetConfig = z.infer<typeof target> & { name: string };
export type ClusterAccess = z.infer<typeof clusterAccess>;
